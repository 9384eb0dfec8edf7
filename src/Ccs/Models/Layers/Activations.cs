using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Layers;

/// <summary>The activations of transformers' <c>ACT2FN</c> (activations.py) that the supported configs name.</summary>
public static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> ByName = new(StringComparer.Ordinal)
    {
        // GELUActivation: nn.functional.gelu, the exact erf form.
        ["gelu"] = x => functional.gelu(x),
        ["gelu_python"] = x => functional.gelu(x),
        // NewGELUActivation (activations.py) writes out 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); torch's
        // tanh-approximate gelu is that formula in one fused pass (ATen GeluKernel), where the written-out form makes
        // six passes over GPT-2's widest activations: same values up to float rounding, several times faster.
        ["gelu_new"] = x => functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        // PytorchGELUTanh: nn.functional.gelu(approximate="tanh").
        ["gelu_pytorch_tanh"] = x => functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        // FastGELUActivation: 0.5 x (1 + tanh(x 0.7978845608 (1 + 0.044715 x^2))).
        ["gelu_fast"] = GeluFast,
        // QuickGELUActivation: x sigmoid(1.702 x).
        ["quick_gelu"] = x => { using var s = (x * 1.702).sigmoid_(); return x * s; },
        ["relu"] = x => functional.relu(x),
        ["silu"] = x => functional.silu(x),
        ["swish"] = x => functional.silu(x),
        ["tanh"] = x => x.tanh(),
        ["sigmoid"] = x => x.sigmoid(),
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static Func<Tensor, Tensor> Get(string name) => ByName[name];

    private static Tensor GeluFast(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inner = x * 0.7978845608 * (x * 0.044715 * x + 1.0);
        return (x * 0.5 * (inner.tanh() + 1.0)).MoveToOuterDisposeScope();
    }
}
