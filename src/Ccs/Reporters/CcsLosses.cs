using Ccs.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// The CCS loss terms on the raw scores of the two halves, <c>(n, v)</c> each (ccs/training/losses.py; spec 5.4.4).
/// Entropies are in nats with logs clamped at −100, as <c>binary_cross_entropy(p, p)</c>.
/// </summary>
public static class CcsLosses
{
    /// <summary>Σ coefficient × term, in the order given.</summary>
    public static Tensor Total(IReadOnlyList<LossTerm> terms, Tensor logit0, Tensor logit1)
    {
        Tensor? total = null;
        foreach (LossTerm term in terms)
        {
            using Scalar coefficient = ((float)term.Coefficient).ToScalar();   // held for the call (see HeldScalars)
            var value = Term(term.Name, logit0, logit1) * coefficient;
            total = total is null ? value : total + value;
        }
        return total ?? throw new ArgumentException("CCS needs at least one loss term");
    }

    public static Tensor Term(string name, Tensor logit0, Tensor logit1) => name switch
    {
        "ccs" => Consistency(logit0, logit1) + Confidence(logit0, logit1),
        "ccs_prompt_var" => Consistency(logit0, logit1) + Confidence(logit0, logit1) + PromptVariance(logit0, logit1),
        "js" => JensenShannon(logit0, logit1),
        "js_confidence" => JsConfidence(logit0, logit1),
        "consistency_squared" => Consistency(logit0, logit1),
        "confidence_squared" => Confidence(logit0, logit1),
        "prompt_var_squared" => PromptVariance(logit0, logit1),
        _ => throw new ArgumentException($"Unknown loss term: {name}"),
    };

    /// <summary><c>mean((p0 − (1 − p1))²)</c></summary>
    public static Tensor Consistency(Tensor logit0, Tensor logit1) =>
        logit0.sigmoid().sub(HeldScalars.One - logit1.sigmoid()).square().mean();

    /// <summary><c>mean(min(p0, p1)²)</c></summary>
    public static Tensor Confidence(Tensor logit0, Tensor logit1) =>
        minimum(logit0.sigmoid(), logit1.sigmoid()).square().mean();

    /// <summary>Mean over examples of the population variance over variants, for both halves.</summary>
    public static Tensor PromptVariance(Tensor logit0, Tensor logit1) =>
        logit0.sigmoid().var(-1, unbiased: false).mean() + logit1.sigmoid().var(-1, unbiased: false).mean();

    /// <summary><c>H((p0 + (1 − p1))/2) − (H(p0) + H(1 − p1))/2</c></summary>
    public static Tensor JensenShannon(Tensor logit0, Tensor logit1)
    {
        var p0 = logit0.sigmoid();
        var negP1 = HeldScalars.One - logit1.sigmoid();
        return Entropy((p0 + negP1) / HeldScalars.Two) - (Entropy(p0) + Entropy(negP1)) / HeldScalars.Two;
    }

    /// <summary><c>H((p0 + (1 − p1))/2)</c></summary>
    public static Tensor JsConfidence(Tensor logit0, Tensor logit1) =>
        Entropy((logit0.sigmoid() + (HeldScalars.One - logit1.sigmoid())) / HeldScalars.Two);

    private static Tensor Entropy(Tensor p) => nn.functional.binary_cross_entropy(p, p);
}
