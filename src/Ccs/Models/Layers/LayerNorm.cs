using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Layers;

/// <summary><c>nn.LayerNorm(size, eps)</c> with affine <c>weight</c> and <c>bias</c>, uninitialised until loaded.</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long _size;
    private readonly double _eps;

    public LayerNorm(long size, double eps, ModelPlacement placement) : base(nameof(LayerNorm))
    {
        _size = size;
        _eps = eps;
        weight = Parameters.Empty(placement, size);
        bias = Parameters.Empty(placement, size);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => functional.layer_norm(input, [_size], weight, bias, _eps);
}
