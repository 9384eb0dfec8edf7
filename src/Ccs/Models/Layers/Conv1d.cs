using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Layers;

/// <summary><c>nn.Conv1d(channels, channels, kernel, padding=(kernel-1)//2, groups)</c> with bias, over (batch, channels, length).</summary>
public sealed class Conv1d : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long _padding;
    private readonly long _groups;

    public Conv1d(long channels, long kernelSize, long groups, ModelPlacement placement) : base(nameof(Conv1d))
    {
        _padding = (kernelSize - 1) / 2;
        _groups = groups;
        weight = Parameters.Empty(placement, channels, channels / groups, kernelSize);
        bias = Parameters.Empty(placement, channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        functional.conv1d(input, weight, bias, padding: _padding, groups: _groups);
}
