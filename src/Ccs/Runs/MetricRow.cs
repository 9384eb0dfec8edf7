using Ccs.Metrics;

namespace Ccs.Runs;

/// <summary>
/// One row of a metric table: the metrics of one (dataset, layer, ensembling mode) for one scorer. <see cref="InlpIter"/>
/// is set for logistic-regression rows, <see cref="Baseline"/> for sanity-baseline rows, <see cref="TrainLoss"/> for
/// the reporter rows of <c>elicit</c>.
/// </summary>
public sealed record MetricRow(string Dataset, int Layer, Ensembling Mode, EvalResult Result,
    int? InlpIter = null, string? Baseline = null, double? TrainLoss = null)
{
    /// <summary>The three rows of one evaluation (<c>none</c>, <c>partial</c>, <c>full</c>) under the recommended rules.</summary>
    public static IEnumerable<MetricRow> Evaluate(string dataset, int layer, int[] labels, ScoreGrid scores,
        int? inlpIter = null, string? baseline = null, double? trainLoss = null) =>
        Evaluator.EvaluateAllModes(labels, scores, MetricRules.Recommended)
            .Select(r => new MetricRow(dataset, layer, r.Mode, r.Result, inlpIter, baseline, trainLoss));
}
