using Ccs.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.Roberta;

/// <summary>
/// transformers' <c>RobertaModel</c> without its pooler: BERT's layers (modeling_roberta.py copies them from
/// modeling_bert.py) under the same key names, with positions derived from the input ids.
/// </summary>
public sealed class RobertaModel : HiddenStateModel
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertConfig _config;

    public RobertaModel(BertConfig config, ModelPlacement placement) : base(nameof(RobertaModel), config, placement)
    {
        _config = config;
        embeddings = new BertEmbeddings(config, placement);
        encoder = new BertEncoder(config, placement);
        RegisterComponents();
    }

    // Positions run from padding_idx + 1, so padding_idx + 1 positions of the table are never reached by tokens.
    protected override long MaxSequenceLength => _config.MaxPositionEmbeddings - _config.PadTokenId - 1;

    protected override Tensor[] Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var positions = PositionIds(inputIds, _config.PadTokenId);
        var embedded = embeddings.Forward(inputIds, positions);
        return encoder.Forward(embedded, attentionMask);
    }

    /// <summary>
    /// modeling_roberta.py <c>create_position_ids_from_input_ids</c>: padding_idx + cumsum(ids != padding_idx) for
    /// real tokens and padding_idx for pads. It looks at the ids, not the attention mask, so a left-padded row
    /// numbers its first real token padding_idx + 1 exactly like the row alone.
    /// </summary>
    public static Tensor PositionIds(Tensor inputIds, long paddingIdx)
    {
        using var scope = NewDisposeScope();
        var isToken = inputIds.ne(paddingIdx).to(ScalarType.Int32);
        var incremental = isToken.cumsum(1).to(ScalarType.Int32) * isToken;
        return (incremental.to(ScalarType.Int64) + paddingIdx).MoveToOuterDisposeScope();
    }
}
