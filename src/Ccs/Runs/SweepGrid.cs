using System.Globalization;

namespace Ccs.Runs;

/// <summary>The <c>--hparam_step</c> grid over the eigen weights (spec 8).</summary>
public static class SweepGrid
{
    /// <summary>
    /// <c>0, s, 2s, …</c> up to 1. The original used <c>numpy.arange(0, 1 + s, s)</c>, which overshoots 1 when s does
    /// not divide it (0.3 → …, 0.9, 1.2) and so produced a negative invariance weight (10.B15); here the
    /// <c>round(1/s) + 1</c> points are clipped to [0, 1] and duplicates dropped.
    /// </summary>
    public static IReadOnlyList<double> Weights(double step)
    {
        if (!(step > 0 && step <= 1)) throw new ArgumentOutOfRangeException(nameof(step), step, "hparam_step must be in (0, 1]");
        int points = (int)Math.Round(1 / step) + 1;
        return Enumerable.Range(0, points).Select(i => Math.Min(1.0, Math.Round(i * step, 10))).Distinct().ToList();
    }

    /// <summary>The grid point's sub-folder, as the original names it: <c>var_weight=0.30/neg_cov_weight=1.00</c>.</summary>
    public static string Folder(double varWeight, double negCovWeight) =>
        Path.Combine(
            string.Create(CultureInfo.InvariantCulture, $"var_weight={varWeight:F2}"),
            string.Create(CultureInfo.InvariantCulture, $"neg_cov_weight={negCovWeight:F2}"));
}
