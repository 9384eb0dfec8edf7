using TorchSharp;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using LayerNorm = Ccs.Models.Layers.LayerNorm;

namespace Ccs.Models.Bert;

/// <summary>
/// transformers' <c>BertEmbeddings</c>: word + token-type + absolute position embeddings, then LayerNorm
/// (dropout is identity at inference). RoBERTa's embeddings differ only in the position ids, supplied by the caller.
/// </summary>
public sealed class BertEmbeddings : nn.Module
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;

    public BertEmbeddings(BertConfig config, ModelPlacement placement) : base(nameof(BertEmbeddings))
    {
        word_embeddings = new Embedding(config.VocabSize, config.HiddenSize, placement);
        position_embeddings = new Embedding(config.MaxPositionEmbeddings, config.HiddenSize, placement);
        token_type_embeddings = new Embedding(config.TypeVocabSize, config.HiddenSize, placement);
        LayerNorm = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor inputIds, Tensor positionIds)
    {
        using var scope = NewDisposeScope();
        // BertModel.forward: token_type_ids default to zeros (the registered all-zero buffer).
        var tokenTypeIds = zeros_like(inputIds);
        // BertEmbeddings.forward adds in this order: inputs_embeds + token_type_embeddings, then + position_embeddings.
        var embeddings = word_embeddings.call(inputIds) + token_type_embeddings.call(tokenTypeIds);
        embeddings = embeddings + position_embeddings.call(positionIds);
        return LayerNorm.call(embeddings).MoveToOuterDisposeScope();
    }
}
