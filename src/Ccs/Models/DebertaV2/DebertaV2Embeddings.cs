using TorchSharp;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using LayerNorm = Ccs.Models.Layers.LayerNorm;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.DebertaV2;

/// <summary>
/// modeling_deberta_v2.py <c>DebertaV2Embeddings</c>: word embeddings, plus absolute positions only when
/// <c>position_biased_input</c>, plus token types only when <c>type_vocab_size</c> &gt; 0, projected by
/// <c>embed_proj</c> when <c>embedding_size</c> differs from the hidden size, layer-normed, and zeroed at padding.
/// </summary>
public sealed class DebertaV2Embeddings : nn.Module
{
    private readonly Embedding word_embeddings;
    private readonly Embedding? position_embeddings;
    private readonly Embedding? token_type_embeddings;
    private readonly Linear? embed_proj;
    private readonly LayerNorm LayerNorm;

    public DebertaV2Embeddings(DebertaV2Config config, ModelPlacement placement) : base(nameof(DebertaV2Embeddings))
    {
        word_embeddings = new Embedding(config.VocabSize, config.EmbeddingSize, placement);
        if (config.PositionBiasedInput) position_embeddings = new Embedding(config.MaxPositionEmbeddings, config.EmbeddingSize, placement);
        if (config.TypeVocabSize > 0) token_type_embeddings = new Embedding(config.TypeVocabSize, config.EmbeddingSize, placement);
        if (config.EmbeddingSize != config.HiddenSize) embed_proj = new Linear(config.EmbeddingSize, config.HiddenSize, hasBias: false, placement);
        LayerNorm = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var embeddings = word_embeddings.call(inputIds);
        if (position_embeddings is not null)
        {
            // position_ids = self.position_ids[:, :seq_length]: array indices, whatever the padding.
            var positions = arange(inputIds.shape[1], ScalarType.Int64, inputIds.device).unsqueeze(0).expand_as(inputIds);
            embeddings = embeddings + position_embeddings.call(positions);
        }
        // token_type_ids default to zeros (DebertaV2Model.forward).
        if (token_type_embeddings is not null) embeddings = embeddings + token_type_embeddings.call(zeros_like(inputIds));
        if (embed_proj is not null) embeddings = embed_proj.call(embeddings);
        embeddings = LayerNorm.call(embeddings);
        // embeddings * mask.unsqueeze(2): padded positions leave the embedding layer as zeros.
        embeddings = embeddings * attentionMask.unsqueeze(2).to(embeddings.dtype);
        return embeddings.MoveToOuterDisposeScope();
    }
}
