using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// A fitted CCS reporter (ccs/training/ccs_reporter.py, <c>CcsReporter.forward</c>): normalise, probe, Platt-scale.
/// Holds the winning try's probe; not modified after fitting.
/// </summary>
public sealed class CcsReporter : IFittedReporter, IDisposable
{
    private readonly CcsProbe _probe;

    internal CcsReporter(CcsProbe probe, CcsNormalization normalization, float scale, float bias)
    {
        _probe = probe;
        Normalization = normalization;
        Scale = scale;
        PlattBias = bias;
    }

    public CcsNormalization Normalization { get; }
    public float Scale { get; }
    public float PlattBias { get; }

    /// <summary>The probe's parameters under the original's state-dict names (<c>probe.0.weight</c>, …).</summary>
    public IReadOnlyList<(string Name, Tensor Value)> Parameters => _probe.StateDict();

    /// <summary>Scores before Platt scaling: <c>probe(norm(x))</c>.</summary>
    public Tensor Raw(Tensor hiddens)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _probe.Forward(Normalization.Apply(hiddens)).MoveToOuterDisposeScope();
    }

    public Tensor Score(Tensor hiddens)
    {
        using var scope = NewDisposeScope();
        return Raw(hiddens).mul(Scale).add(PlattBias).MoveToOuterDisposeScope();
    }

    internal CcsReporter WithPlatt(float scale, float bias) => new(_probe, Normalization, scale, bias);

    public void Dispose() => _probe.Dispose();
}
