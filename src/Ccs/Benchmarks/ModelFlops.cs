using Ccs.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Benchmarks;

/// <summary>
/// The usual transformer FLOP count of a forward pass over one sequence of n real tokens: 2 per non-embedding
/// weight per token (every weight is one multiply-add), plus 4·L·n·d per token for attention (q·kᵀ and the
/// weighted sum of values, each 2·n·d per layer, counted over the full n×n even for causal models). Padding is
/// never counted: only real tokens do useful work.
/// </summary>
public sealed class ModelFlops
{
    private readonly long _weights;
    private readonly int _layers;
    private readonly int _hidden;

    public ModelFlops(IHiddenStateModel model)
    {
        _weights = ((nn.Module)model).named_parameters().Where(p => !IsEmbedding(p.name)).Sum(p => p.parameter.numel());
        _layers = model.Config.NumHiddenLayers;
        _hidden = model.Config.HiddenSize;
    }

    public double Sequence(long tokens) => Continuation(0, tokens);

    /// <summary><paramref name="tokens"/> new tokens attending to <paramref name="cached"/> earlier ones and to themselves.</summary>
    public double Continuation(long cached, long tokens) => (2.0 * _weights + 4.0 * _layers * (cached + tokens) * _hidden) * tokens;

    private static bool IsEmbedding(string name) =>
        name.Contains("embed", StringComparison.Ordinal) || name.StartsWith("wte", StringComparison.Ordinal) ||
        name.StartsWith("wpe", StringComparison.Ordinal) || name.Contains(".wte.", StringComparison.Ordinal) ||
        name.Contains(".wpe.", StringComparison.Ordinal);
}
