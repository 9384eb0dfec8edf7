namespace Ccs.Metrics;

/// <summary>
/// <c>evaluate_preds(y_true, scores, mode)</c> of the original (ccs/metrics/eval.py; spec 6): AUROC, accuracy and,
/// for two choices, calibrated accuracy, the calibration error and its threshold, all on float32 scores.
/// </summary>
public static class Evaluator
{
    /// <summary>All three modes in the original's order (<c>none</c>, <c>partial</c>, <c>full</c>).</summary>
    public static IReadOnlyList<(Ensembling Mode, EvalResult Result)> EvaluateAllModes(int[] labels, ScoreGrid scores, MetricRules rules) =>
        [.. EnsemblingNames.All.Select(mode => (mode, Evaluate(labels, scores, mode, rules)))];

    public static EvalResult Evaluate(int[] labels, ScoreGrid scores, Ensembling mode, MetricRules rules)
    {
        int n = scores.Examples, v = scores.Variants, c = scores.Choices;
        if (labels.Length != n)
            throw new ArgumentException($"{labels.Length} labels for {n} examples of scores");
        if (labels.Any(y => y < 0 || y >= c))
            throw new ArgumentException($"labels must lie in [0, {c})");
        if (c > 2 && mode == Ensembling.Partial)
            throw new CcsException(ExitCode.BadInput,
                $"'partial' ensembling needs two choices per question, got {c}: pass --binarize");

        // The evaluation unit: (example, variant) pairs, or examples after averaging the variants (float32).
        int units = mode == Ensembling.Full ? 1 : v;
        float[] unitScores = mode == Ensembling.Full ? VariantMeans(scores) : scores.Values;
        var truth = new int[n * units];
        for (int i = 0; i < truth.Length; i++) truth[i] = labels[i / units];

        var predicted = new int[n * units];
        for (int u = 0; u < predicted.Length; u++)
            predicted[u] = mode == Ensembling.None
                ? (unitScores[u * c + 1] > (float)rules.NoneThreshold ? 1 : 0)
                : ArgMax(unitScores, u * c, c);
        MetricInterval accuracy = Accuracy.WithInterval(truth, predicted, n);

        MetricInterval auroc = AurocFor(unitScores, truth, n, units, c, mode);
        if (c != 2) return new EvalResult(auroc, accuracy, null, null, null, null);

        // Calibration: the positive-class probability of the pooled logit (choice 1 alone for `none`).
        var probabilities = new float[n * units];
        for (int u = 0; u < probabilities.Length; u++)
        {
            float pooled = mode == Ensembling.None ? unitScores[u * 2 + 1] : unitScores[u * 2 + 1] - unitScores[u * 2];
            probabilities[u] = Sigmoid(pooled);
        }
        float positiveRate = truth.Sum() / (float)truth.Length;
        float level = rules.CalibrateAtNegativeRate ? 1f - positiveRate : positiveRate;
        float[] sorted = [.. probabilities];
        Array.Sort(sorted);
        float threshold = TorchQuantile.OfSorted(sorted, level);
        var calibrated = probabilities.Select(p => p > threshold ? 1 : 0).ToArray();
        MetricInterval calibratedAccuracy = Accuracy.WithInterval(truth, calibrated, n);
        var (ece, bins) = CalibrationError.Compute(truth, probabilities);
        return new EvalResult(auroc, accuracy, calibratedAccuracy, ece, bins, threshold);
    }

    /// <summary>
    /// AUROC inputs (spec 6.2): <c>none</c> scores every (example, variant, choice) against "this choice is the
    /// label"; <c>partial</c>/<c>full</c> score the choice-1 − choice-0 margin against the label (one-vs-rest over the
    /// variant-averaged choices for more than two). Clusters are examples.
    /// </summary>
    private static MetricInterval AurocFor(float[] unitScores, int[] truth, int n, int units, int c, Ensembling mode)
    {
        if (mode == Ensembling.None || c > 2)
        {
            var positive = new bool[unitScores.Length];
            for (int i = 0; i < positive.Length; i++) positive[i] = truth[i / c] == i % c;
            return Auroc.WithInterval(unitScores, positive, n);
        }
        var margins = new float[truth.Length];
        for (int u = 0; u < margins.Length; u++) margins[u] = unitScores[u * 2 + 1] - unitScores[u * 2];
        return Auroc.WithInterval(margins, [.. truth.Select(y => y == 1)], n);
    }

    /// <summary><c>scores.mean(dim=1)</c> in float32: <c>(n, c)</c>.</summary>
    private static float[] VariantMeans(ScoreGrid scores)
    {
        int n = scores.Examples, v = scores.Variants, c = scores.Choices;
        var means = new float[n * c];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
            {
                float sum = 0;
                for (int t = 0; t < v; t++) sum += scores[i, t, j];
                means[i * c + j] = sum / v;
            }
        return means;
    }

    /// <summary>Index of the largest score; the first one on ties (torch <c>argmax</c>).</summary>
    private static int ArgMax(float[] values, int start, int count)
    {
        int best = 0;
        for (int j = 1; j < count; j++) if (values[start + j] > values[start + best]) best = j;
        return best;
    }

    /// <summary>The float32 logistic sigmoid, rounded once from double.</summary>
    public static float Sigmoid(float x) => (float)(1.0 / (1.0 + Math.Exp(-(double)x)));
}
