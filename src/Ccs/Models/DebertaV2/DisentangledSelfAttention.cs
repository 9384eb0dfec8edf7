using TorchSharp;
using static TorchSharp.torch;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.DebertaV2;

/// <summary>
/// modeling_deberta_v2.py <c>DisentangledSelfAttention</c>: content-to-content scores plus, with relative
/// attention, content-to-position (c2p) and position-to-content (p2c) scores read from the relative-position
/// embeddings, all divided by sqrt(head_size · scale_factor), scale_factor = 1 + [c2p] + [p2c]. The masked
/// softmax is written out (not SDPA) because the relative bias is added before it.
/// </summary>
public sealed class DisentangledSelfAttention : nn.Module
{
    private readonly Linear query_proj;
    private readonly Linear key_proj;
    private readonly Linear value_proj;
    private readonly Linear? pos_key_proj;
    private readonly Linear? pos_query_proj;
    private readonly DebertaV2Config _config;
    private readonly int _heads;
    private readonly int _headSize;

    public DisentangledSelfAttention(DebertaV2Config config, ModelPlacement placement) : base(nameof(DisentangledSelfAttention))
    {
        _config = config;
        _heads = config.NumAttentionHeads;
        _headSize = config.AttentionHeadSize;
        int allHeads = _heads * _headSize;
        query_proj = new Linear(config.HiddenSize, allHeads, hasBias: true, placement);
        key_proj = new Linear(config.HiddenSize, allHeads, hasBias: true, placement);
        value_proj = new Linear(config.HiddenSize, allHeads, hasBias: true, placement);
        // Without share_att_key, positions get their own projections (both with bias, as nn.Linear's default).
        if (config.RelativeAttention && !config.ShareAttKey)
        {
            if (config.ContentToPosition) pos_key_proj = new Linear(config.HiddenSize, allHeads, hasBias: true, placement);
            if (config.PositionToContent) pos_query_proj = new Linear(config.HiddenSize, allHeads, hasBias: true, placement);
        }
        RegisterComponents();
    }

    /// <param name="hiddenStates">(batch, length, hidden).</param>
    /// <param name="pairMask">(batch, 1, length, length) bool: both query and key are real tokens.</param>
    /// <param name="relativePositions">(1, length, length) int64 (bucketed) q - k, or null without relative attention.</param>
    /// <param name="relativeEmbeddings">(2 · span, hidden) (layer-normed) rel_embeddings, or null.</param>
    public Tensor Forward(Tensor hiddenStates, Tensor pairMask, Tensor? relativePositions, Tensor? relativeEmbeddings)
    {
        using var scope = NewDisposeScope();
        long batch = hiddenStates.shape[0], length = hiddenStates.shape[1];
        var q = Heads(query_proj.call(hiddenStates));
        var k = Heads(key_proj.call(hiddenStates));
        var v = Heads(value_proj.call(hiddenStates));

        int scaleFactor = 1 + (_config.ContentToPosition ? 1 : 0) + (_config.PositionToContent ? 1 : 0);
        var scale = ScaledSizeSqrt(scaleFactor, q.dtype, q.device);
        // 4.48: torch.bmm(query_layer, key_layer.transpose(-1, -2) / scale.to(dtype=query_layer.dtype)).
        var scores = q.matmul(k.transpose(-1, -2) / scale);
        if (_config.RelativeAttention)
            scores = scores + RelativeBias(q, k, relativePositions!, relativeEmbeddings!, scale);

        // masked_fill(~mask, finfo.min) then softmax; rows of padded queries are meaningless and never read.
        scores = scores.masked_fill(pairMask.logical_not(), finfo(scores.dtype).min);
        var probabilities = scores.softmax(-1);
        var context = probabilities.matmul(v);
        return context.transpose(1, 2).reshape(batch, length, _heads * _headSize).MoveToOuterDisposeScope();
    }

    /// <summary><c>disentangled_attention_bias</c>: the c2p and p2c terms, each divided by the same scale.</summary>
    private Tensor RelativeBias(Tensor q, Tensor k, Tensor relativePositions, Tensor relativeEmbeddings, Tensor scale)
    {
        int span = _config.PositionEmbeddingSize;
        var embeddings = relativeEmbeddings.narrow(0, 0, 2L * span).unsqueeze(0);
        // share_att_key: the content projections also project the positions. Shapes (1, heads, 2·span, size),
        // broadcast over the batch where transformers repeats them.
        var positionKeys = _config.ContentToPosition
            ? Heads(_config.ShareAttKey ? key_proj.call(embeddings) : pos_key_proj!.call(embeddings))
            : null;
        var positionQueries = _config.PositionToContent
            ? Heads(_config.ShareAttKey ? query_proj.call(embeddings) : pos_query_proj!.call(embeddings))
            : null;
        long batch = q.shape[0], length = q.shape[2];

        Tensor? score = null;
        if (positionKeys is not null)
        {
            // c2p: query i against the embedding of the relative position (i - j), clamped into the span.
            var c2p = q.matmul(positionKeys.transpose(-1, -2));
            var index = (relativePositions + span).clamp(0, 2 * span - 1).unsqueeze(0).expand(batch, _heads, length, length);
            score = c2p.gather(-1, index) / scale;
        }
        if (positionQueries is not null)
        {
            // p2c: key j against the embedding of the relative position (j - i), read transposed.
            var p2c = k.matmul(positionQueries.transpose(-1, -2));
            var index = (span - relativePositions).clamp(0, 2 * span - 1).unsqueeze(0).expand(batch, _heads, length, length);
            var term = p2c.gather(-1, index).transpose(-1, -2) / scale;
            score = score is null ? term : score + term;
        }
        return score ?? zeros(1, dtype: q.dtype, device: q.device);
    }

    /// <summary><c>scaled_size_sqrt</c>: sqrt(float32(head_size · factor)), then cast to the activations' dtype.</summary>
    private Tensor ScaledSizeSqrt(int scaleFactor, ScalarType dtype, Device device) =>
        tensor((float)_headSize * scaleFactor, device: device).sqrt().to(dtype);

    /// <summary><c>transpose_for_scores</c> in 4-D form: (batch, length, heads · size) → (batch, heads, length, size).</summary>
    private Tensor Heads(Tensor x) => x.view(x.shape[0], x.shape[1], _heads, _headSize).transpose(1, 2);
}
