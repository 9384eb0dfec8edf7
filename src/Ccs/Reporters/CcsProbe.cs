using Ccs.Options;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// The CCS probe (ccs/training/ccs_reporter.py, <c>CcsReporter.probe</c>; spec 5.4.1): an <c>nn.Sequential</c> of
/// Linear(d → 1), or Linear(d → h), (activation, Linear)… ending in 1 output, optionally after a LayerNorm without
/// affine parameters. Submodule names match the original's state dict (<c>probe.0.weight</c>, …).
/// </summary>
internal sealed class CcsProbe : IDisposable
{
    private readonly Sequential _layers;

    public CcsProbe(CcsNetOptions options, int inFeatures, TorchCpuRandomInit rng)
    {
        int hidden = options.HiddenSize ?? 4 * inFeatures / 3;
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (options.PreLn) modules.Add(("0", nn.LayerNorm(inFeatures, elementwise_affine: false)));
        Linears = [];
        int inSize = inFeatures;
        for (int i = 0; i < Math.Max(options.NumLayers, 1); i++)
        {
            if (i > 0) modules.Add((modules.Count.ToString(), Activation(options.Activation)));
            int outSize = i == Math.Max(options.NumLayers, 1) - 1 ? 1 : hidden;
            var linear = nn.Linear(inSize, outSize, hasBias: options.Bias);
            rng.ResetLinear(linear);   // PyTorch initialises layers at construction, from the global generator
            Linears.Add(linear);
            modules.Add((modules.Count.ToString(), linear));
            inSize = outSize;
        }
        _layers = nn.Sequential(modules);
    }

    /// <summary>The linear layers in module order.</summary>
    public List<Linear> Linears { get; }

    /// <summary>Trainable parameters in the original's order (each Linear: weight, then bias).</summary>
    public IReadOnlyList<Parameter> Parameters() => [.. Linears.SelectMany(l => l.bias is null ? new[] { l.weight! } : [l.weight!, l.bias])];

    /// <summary><c>(…, d)</c> → <c>(…)</c>.</summary>
    public Tensor Forward(Tensor x) => _layers.forward(x).squeeze(-1);

    /// <summary>Named parameters as the original's state dict names them (<c>probe.0.weight</c>, …).</summary>
    public IReadOnlyList<(string Name, Tensor Value)> StateDict() =>
        [.. _layers.named_parameters().Select(p => ("probe." + p.name, (Tensor)p.parameter))];

    private static nn.Module<Tensor, Tensor> Activation(CcsActivation activation) => activation switch
    {
        CcsActivation.Gelu => nn.GELU(),
        CcsActivation.Relu => nn.ReLU(),
        CcsActivation.Swish => nn.SiLU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    public void Dispose() => _layers.Dispose();
}

/// <summary>Parameter initialisation from the replicated global torch generator (<c>nn.Linear.reset_parameters</c>).</summary>
internal sealed class TorchCpuRandomInit(Metrics.TorchCpuRandom rng)
{
    public Metrics.TorchCpuRandom Generator => rng;

    /// <summary>
    /// Kaiming-uniform with a = √5 for the weight (bound √3·gain/√fan_in = 1/√fan_in), then U(±1/√fan_in) for the bias,
    /// each drawn element by element in memory order.
    /// </summary>
    public void ResetLinear(Linear linear)
    {
        int fanIn = (int)linear.weight!.shape[1];
        double gain = Math.Sqrt(2.0 / (1 + 5.0));
        double weightBound = Math.Sqrt(3.0) * (gain / Math.Sqrt(fanIn));
        Fill(linear.weight, weightBound);
        if (linear.bias is not null) Fill(linear.bias, 1 / Math.Sqrt(fanIn));
    }

    private void Fill(Parameter p, double bound)
    {
        float lo = (float)-bound, hi = (float)bound;
        var values = new float[p.numel()];
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextUniform(lo, hi);
        using var noGrad = no_grad();
        using var source = tensor(values, p.shape);
        p.copy_(source);
    }
}
