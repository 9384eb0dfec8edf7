using Ccs.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.DebertaV2;

/// <summary>
/// modeling_deberta_v2.py <c>DebertaV2Layer</c>: <c>attention</c> (<c>self</c> = disentangled attention,
/// <c>output</c> = dense + residual LayerNorm), <c>intermediate</c> and <c>output</c> as in BERT.
/// </summary>
public sealed class DebertaV2Layer : nn.Module
{
    private readonly DebertaV2Attention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertOutput output;

    public DebertaV2Layer(DebertaV2Config config, ModelPlacement placement) : base(nameof(DebertaV2Layer))
    {
        attention = new DebertaV2Attention(config, placement);
        intermediate = new BertIntermediate(config.HiddenSize, config.IntermediateSize, config.HiddenAct, placement);
        output = new BertOutput(config.IntermediateSize, config.HiddenSize, config.LayerNormEps, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hiddenStates, Tensor pairMask, Tensor? relativePositions, Tensor? relativeEmbeddings)
    {
        using var attended = attention.Forward(hiddenStates, pairMask, relativePositions, relativeEmbeddings);
        using var expanded = intermediate.Forward(attended);
        return output.Forward(expanded, attended);
    }
}

/// <summary>modeling_deberta_v2.py <c>DebertaV2Attention</c>.</summary>
public sealed class DebertaV2Attention : nn.Module
{
    private readonly DisentangledSelfAttention @self;
    private readonly BertOutput output;

    public DebertaV2Attention(DebertaV2Config config, ModelPlacement placement) : base(nameof(DebertaV2Attention))
    {
        @self = new DisentangledSelfAttention(config, placement);
        // DebertaV2SelfOutput: dense(hidden -> hidden), LayerNorm(x + input).
        output = new BertOutput(config.HiddenSize, config.HiddenSize, config.LayerNormEps, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hiddenStates, Tensor pairMask, Tensor? relativePositions, Tensor? relativeEmbeddings)
    {
        using var context = @self.Forward(hiddenStates, pairMask, relativePositions, relativeEmbeddings);
        return output.Forward(context, hiddenStates);
    }
}
