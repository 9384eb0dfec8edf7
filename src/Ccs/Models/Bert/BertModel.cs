using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.Bert;

/// <summary>
/// transformers' <c>BertModel</c> without its pooler (the tool reads hidden states only): <c>embeddings</c> and
/// <c>encoder</c>, positions 0..n-1 by array index (BertEmbeddings' <c>position_ids</c> buffer).
/// </summary>
public sealed class BertModel : HiddenStateModel
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertConfig _config;

    public BertModel(BertConfig config, ModelPlacement placement) : base(nameof(BertModel), config, placement)
    {
        _config = config;
        embeddings = new BertEmbeddings(config, placement);
        encoder = new BertEncoder(config, placement);
        RegisterComponents();
    }

    protected override long MaxSequenceLength => _config.MaxPositionEmbeddings;

    protected override Tensor[] Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var positions = arange(inputIds.shape[1], ScalarType.Int64, inputIds.device).unsqueeze(0).expand_as(inputIds);
        var embedded = embeddings.Forward(inputIds, positions);
        return encoder.Forward(embedded, attentionMask);
    }
}
