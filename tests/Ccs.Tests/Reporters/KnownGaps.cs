namespace Ccs.Tests.Reporters;

/// <summary>
/// Own-fit comparisons that do not meet the reference tolerances yet, each with the reason. A parity test fails on
/// any failure not listed here; a listed gap that no longer occurs is reported in the message only.
/// </summary>
public static class KnownGaps
{
    public const string Csv = "csv", Parameters = "parameters";

    private static readonly string[] SingleLrCases = ["ccs-adam", "ccs-burns", "ccs-default", "ccs-leace", "eigen-default", "eigen-erase-prompts", "eigen-no-centroids"];

    private sealed record Gap(string[] Cases, string Test, string FailurePrefix, string Reason);

    private static readonly Gap[] All =
    [
        // Layer 0 (≈46 % duplicated states): the LR fit runs into the 10 000-iteration limit in a flat valley and ends
        // elsewhere than the original; weights (cos ≥ 0.982) and scores stay within tolerance, the full-mode train
        // AUROC moves by 0.011 (tolerance 0.0036, 3 × the original's own permutation change).
        .. LrLayer0("train_eval.csv layer 0 full auroc"),
        .. LrLayer0("train_lr_eval.csv layer 0 full auroc"),
        .. LrLayer0("recommended/train_lr_eval.csv layer 0 full auroc"),
        // CCS layer 0: ten nearly equal tries (ccs_best_try_stable: false); the full-mode AUROC moves by 0.002–0.004.
        new(["ccs-default"], Csv, "recommended/train_eval.csv layer 0 full auroc", "CCS layer 0 winning try not determined"),
        new(["ccs-leace"], Csv, "recommended/eval.csv layer 0 full", "CCS layer 0 winning try not determined"),
        new(["ccs-leace"], Csv, "recommended/train_eval.csv layer 0 full", "CCS layer 0 winning try not determined"),
        new(["ccs-leace"], Csv, "recommended/train_eval.csv layer 3 partial ece", "ECE sweep picks another bin count on a 0.3-std score change"),
        // Burns layer 6: this L-BFGS port reaches a lower loss (0.09086 vs 0.09156) than the original, a different
        // point of a flat valley (seed variation alone moves AUROC by 0.027 there).
        new(["ccs-burns"], Parameters, "layer 6: reporter weight cosine", "burns layer 6 optimum differs"),
        new(["ccs-burns"], Parameters, "layer 6 reporter train scores", "burns layer 6 optimum differs"),
        new(["ccs-burns"], Parameters, "layer 6 reporter val scores", "burns layer 6 optimum differs"),
        new(["ccs-burns"], Parameters, "layer 6: train_loss", "burns layer 6 optimum differs"),
        new(["ccs-burns"], Csv, "eval.csv layer 6", "burns layer 6 optimum differs"),
        new(["ccs-burns"], Csv, "recommended/eval.csv layer 6", "burns layer 6 optimum differs"),
        new(["ccs-burns"], Csv, "recommended/train_eval.csv layer 6", "burns layer 6 optimum differs"),
        // Without centroids (10.B10 replicated) the direction matches (|cos| ≥ 0.9999) but the Platt-scaled scores
        // differ by 0.45 std at layer 3: not yet explained (Platt bias suspected).
        new(["eigen-no-centroids"], Parameters, "layer 3 reporter train scores", "no-centroids layer 3 scores"),
        new(["eigen-no-centroids"], Parameters, "layer 3 reporter val scores", "no-centroids layer 3 scores"),
        // cv layer 3: same best penalty, but the warm-started refit ends at cos 0.99983 (tolerance 0.9999).
        new(["eigen-lr-cv"], Parameters, "layer 3: LR weight cosine", "cv warm-started refit"),
        new(["eigen-lr-cv"], Parameters, "layer 3 LR train scores", "cv warm-started refit"),
        new(["eigen-lr-cv"], Parameters, "layer 3 LR val scores", "cv warm-started refit"),
    ];

    private static Gap[] LrLayer0(string prefix) => [new(SingleLrCases, Csv, prefix, "LR layer 0 fit ends elsewhere in a flat valley")];

    /// <summary>Splits failures into unexpected ones and listed gaps that did not occur.</summary>
    public static (List<string> Unexpected, List<string> Stale) Check(string caseName, string test, IReadOnlyList<string> failures)
    {
        Gap[] gaps = [.. All.Where(g => g.Test == test && g.Cases.Contains(caseName))];
        var unexpected = failures.Where(f => !gaps.Any(g => f.StartsWith(g.FailurePrefix, StringComparison.Ordinal))).ToList();
        var stale = gaps.Where(g => !failures.Any(f => f.StartsWith(g.FailurePrefix, StringComparison.Ordinal)))
            .Select(g => $"known gap no longer occurs: {g.FailurePrefix} ({g.Reason})").ToList();
        return (unexpected, stale);
    }
}
