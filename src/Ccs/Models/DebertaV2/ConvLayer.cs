using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;
using Conv1d = Ccs.Models.Layers.Conv1d;
using LayerNorm = Ccs.Models.Layers.LayerNorm;

namespace Ccs.Models.DebertaV2;

/// <summary>
/// modeling_deberta_v2.py <c>ConvLayer</c> (configs with <c>conv_kernel_size</c> &gt; 0, e.g. deberta-v2-xxlarge):
/// a 1-D convolution over the encoder input, added to the first layer's output and layer-normed.
/// </summary>
public sealed class ConvLayer : nn.Module
{
    private readonly Conv1d conv;
    private readonly LayerNorm LayerNorm;
    private readonly Func<Tensor, Tensor> _activation;

    public ConvLayer(DebertaV2Config config, ModelPlacement placement) : base(nameof(ConvLayer))
    {
        conv = new Conv1d(config.HiddenSize, config.ConvKernelSize, config.ConvGroups, placement);
        LayerNorm = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        _activation = Activations.Get(config.ConvAct);
        RegisterComponents();
    }

    /// <param name="hiddenStates">the encoder input (embedding output).</param>
    /// <param name="residualStates">the first layer's output.</param>
    /// <param name="inputMask">(batch, length) attention mask.</param>
    public Tensor Forward(Tensor hiddenStates, Tensor residualStates, Tensor inputMask)
    {
        using var scope = NewDisposeScope();
        var convolved = conv.call(hiddenStates.permute(0, 2, 1).contiguous()).permute(0, 2, 1).contiguous();
        // out.masked_fill_(rmask.unsqueeze(-1).expand(out.size()), 0) with rmask = (1 - input_mask).bool().
        var padded = inputMask.eq(0).unsqueeze(-1);
        convolved = _activation(convolved.masked_fill(padded, 0));
        var normed = LayerNorm.call(residualStates + convolved);
        // output * input_mask: padded positions are zero.
        return (normed * inputMask.unsqueeze(2).to(normed.dtype)).MoveToOuterDisposeScope();
    }
}
