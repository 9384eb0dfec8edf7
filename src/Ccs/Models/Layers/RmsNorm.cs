using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Layers;

/// <summary>
/// Root-mean-square norm without mean subtraction or bias: <c>weight · x / sqrt(mean(x²) + eps)</c>, with the
/// variance taken in float32. Mirrors <c>LlamaRMSNorm.forward</c> (modeling_llama.py; Mistral and Qwen2 copy it)
/// and <c>T5LayerNorm.forward</c> (modeling_t5.py): both square and average in float32 and multiply the weight
/// with the result cast back to the model dtype, so one module serves both.
/// </summary>
public sealed class RmsNorm : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double _eps;

    public RmsNorm(long size, double eps, ModelPlacement placement) : base(nameof(RmsNorm))
    {
        _eps = eps;
        weight = Parameters.Empty(placement, size);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var wide = input.to(ScalarType.Float32);
        var variance = wide.pow(2).mean([-1], keepdim: true);
        var normed = wide * (variance + _eps).rsqrt();
        return (weight * normed.to(input.dtype)).MoveToOuterDisposeScope();
    }
}
