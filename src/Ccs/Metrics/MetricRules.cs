namespace Ccs.Metrics;

/// <summary>
/// The choices in which the original's metrics (ccs/metrics/eval.py, <c>evaluate_preds</c>) and the spec's
/// recommended fixes differ.
/// </summary>
/// <param name="NoneThreshold">
/// <c>none</c> mode predicts "choice 1 is true" when its log-odds exceed this: the original uses 0.5 (probability
/// 0.622, bug 10.B2), the fix 0.
/// </param>
/// <param name="CalibrateAtNegativeRate">
/// The calibrated-accuracy threshold is the quantile of the probabilities at level <c>1 − mean(y)</c> (fix 10.B3,
/// as many predicted positives as true positives) instead of the original's <c>mean(y)</c>.
/// </param>
/// <remarks>
/// AUROC is always tie-aware (ties count ½, fix 10.B17). The original sorted with an unstable sort and gave ties no
/// half credit, so its AUROC on tied scores depended on an arbitrary order; on distinct scores both agree.
/// </remarks>
public sealed record MetricRules(double NoneThreshold, bool CalibrateAtNegativeRate)
{
    /// <summary>What the original computes (bugs 10.B2 and 10.B3 included).</summary>
    public static MetricRules Original { get; } = new(0.5, false);

    /// <summary>The spec's recommended behaviour (10.B2, 10.B3, 10.B17 fixed).</summary>
    public static MetricRules Recommended { get; } = new(0.0, true);
}
