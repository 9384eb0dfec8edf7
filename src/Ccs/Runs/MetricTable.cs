using Ccs.Metrics;

namespace Ccs.Runs;

/// <summary>
/// The column layouts of the metric CSVs (spec 9.5-9.8, 9.12) and how rows are ordered: all rows stably sorted by
/// layer, then by the ensembling name as a string (<c>full</c>, <c>none</c>, <c>partial</c>); rows that tie keep the
/// order they were produced in (datasets in command-line order, then INLP iteration or baseline).
/// </summary>
public sealed record MetricTable(IReadOnlyList<string> Leading, bool WithTrainLoss)
{
    /// <summary>elicit <c>eval.csv</c>, <c>train_eval.csv</c>.</summary>
    public static MetricTable ElicitReporter { get; } = new(["dataset", "layer", "ensembling"], true);
    /// <summary><c>lm_eval.csv</c>, <c>train_lm_eval.csv</c>, and eval's <c>eval.csv</c>.</summary>
    public static MetricTable Plain { get; } = new(["dataset", "layer", "ensembling"], false);
    /// <summary>elicit <c>lr_eval.csv</c>, <c>train_lr_eval.csv</c>.</summary>
    public static MetricTable ElicitLr { get; } = new(["dataset", "layer", "ensembling", "inlp_iter"], false);
    /// <summary>eval's <c>lr_eval.csv</c>: the original's other column order.</summary>
    public static MetricTable TransferLr { get; } = new(["ensembling", "inlp_iter", "dataset", "layer"], false);
    /// <summary><c>baselines_eval.csv</c>: the reporter's columns with the baseline's name, without a train loss.</summary>
    public static MetricTable Baselines { get; } = new(["dataset", "layer", "ensembling", "baseline"], false);

    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="path"/> (nothing when there are none). The metric columns
    /// are those of two-choice data, which every run has (<see cref="RunInputs"/> rejects more choices).
    /// </summary>
    public void Write(string path, IReadOnlyList<MetricRow> rows)
    {
        if (rows.Count == 0) return;
        var metricNames = rows[0].Result.CsvColumns().Select(c => c.Key).ToList();
        List<string> header = [.. Leading, .. metricNames];
        if (WithTrainLoss) header.Add("train_loss");
        var sorted = rows.OrderBy(r => r.Layer).ThenBy(r => r.Mode.CsvName(), StringComparer.Ordinal);
        MetricCsv.Write(path, header, sorted.Select(r => Cells(r, metricNames)));
    }

    private List<object?> Cells(MetricRow row, IReadOnlyList<string> metricNames)
    {
        var metrics = row.Result.CsvColumns();
        if (!metrics.Select(c => c.Key).SequenceEqual(metricNames))
            throw new InvalidOperationException("metric rows of one table must have the same columns");
        var cells = new List<object?>();
        foreach (string column in Leading)
            cells.Add(column switch
            {
                "dataset" => row.Dataset,
                "layer" => row.Layer,
                "ensembling" => row.Mode.CsvName(),
                "inlp_iter" => row.InlpIter ?? 0,
                "baseline" => row.Baseline,
                _ => throw new InvalidOperationException($"unknown column {column}"),
            });
        cells.AddRange(metrics.Select(c => (object?)c.Value));
        if (WithTrainLoss) cells.Add(row.TrainLoss);
        return cells;
    }
}
