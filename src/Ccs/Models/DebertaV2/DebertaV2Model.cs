using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.DebertaV2;

/// <summary>modeling_deberta_v2.py <c>DebertaV2Model</c> (<c>z_steps</c> is 0 there, so no extra decoding steps).</summary>
public sealed class DebertaV2Model : HiddenStateModel
{
    private readonly DebertaV2Embeddings embeddings;
    private readonly DebertaV2Encoder encoder;
    private readonly DebertaV2Config _config;

    public DebertaV2Model(DebertaV2Config config, ModelPlacement placement) : base(nameof(DebertaV2Model), config, placement)
    {
        _config = config;
        embeddings = new DebertaV2Embeddings(config, placement);
        encoder = new DebertaV2Encoder(config, placement);
        RegisterComponents();
    }

    // Relative positions are clamped into the span, so only absolute position embeddings bound the length.
    protected override long MaxSequenceLength => _config.PositionBiasedInput ? _config.MaxPositionEmbeddings : int.MaxValue;

    protected override Tensor[] Forward(Tensor inputIds, Tensor attentionMask)
    {
        var embedded = embeddings.Forward(inputIds, attentionMask);
        return encoder.Forward(embedded, attentionMask);
    }
}
