using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using LayerNorm = Ccs.Models.Layers.LayerNorm;

namespace Ccs.Models.DebertaV2;

/// <summary>
/// modeling_deberta_v2.py <c>DebertaV2Encoder</c>: the layers, the shared relative-position embeddings
/// (<c>rel_embeddings</c>, 2 · span rows, layer-normed by <c>LayerNorm</c> when <c>norm_rel_ebd</c> says so) and
/// the optional <c>conv</c> applied after the first layer.
/// </summary>
public sealed class DebertaV2Encoder : nn.Module
{
    private readonly ModuleList<DebertaV2Layer> layer;
    private readonly Embedding? rel_embeddings;
    private readonly LayerNorm? LayerNorm;
    private readonly ConvLayer? conv;
    private readonly DebertaV2Config _config;

    public DebertaV2Encoder(DebertaV2Config config, ModelPlacement placement) : base(nameof(DebertaV2Encoder))
    {
        _config = config;
        layer = new ModuleList<DebertaV2Layer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new DebertaV2Layer(config, placement)).ToArray());
        if (config.RelativeAttention) rel_embeddings = new Embedding(2L * config.PositionEmbeddingSize, config.HiddenSize, placement);
        if (config.LayerNormsRelativeEmbeddings) LayerNorm = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        if (config.ConvKernelSize > 0) conv = new ConvLayer(config, placement);
        RegisterComponents();
    }

    /// <summary>The embedding output followed by every layer's output (HF <c>all_hidden_states</c>).</summary>
    public Tensor[] Forward(Tensor embeddingOutput, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        // get_attention_mask: mask[:, None, None, :] * mask[:, None, :, None], a (batch, 1, length, length) pair mask.
        var keep = attentionMask.ne(0);
        var pairMask = keep.unsqueeze(1).unsqueeze(2).logical_and(keep.unsqueeze(1).unsqueeze(3));
        long length = embeddingOutput.shape[1];
        Tensor? relativePositions = null, relativeEmbeddings = null;
        if (rel_embeddings is not null)
        {
            relativePositions = RelativePositions.Build(length, length, _config.PositionBuckets, _config.MaxRelativePositions, embeddingOutput.device);
            // get_rel_embedding: the weight itself, layer-normed when norm_rel_ebd contains "layer_norm".
            relativeEmbeddings = LayerNorm is null ? rel_embeddings.Weight : LayerNorm.call(rel_embeddings.Weight);
        }

        var states = new Tensor[layer.Count + 1];
        states[0] = embeddingOutput;
        for (int i = 0; i < layer.Count; i++)
        {
            var output = layer[i].Forward(states[i], pairMask, relativePositions, relativeEmbeddings);
            // The convolution reads the encoder input and replaces the first layer's output.
            if (i == 0 && conv is not null) output = conv.Forward(embeddingOutput, output, attentionMask);
            states[i + 1] = output.MoveToOuterDisposeScope();
        }
        return states;
    }
}
