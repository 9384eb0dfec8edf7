using ScottPlot;

namespace Ccs.Plotting;

/// <summary>
/// <c>viz/&lt;model&gt;/transfer_eval_trend.png</c>: per evaluated dataset, the mean AUROC over training datasets at
/// each layer, plus a grey dashed average line, as the original's <c>TransferEvalTrend</c>
/// (<c>ccs/plotting/visualize.py</c>). Fixed (spec 10.B12): the original averaged over all three ensembling modes
/// as well; this figure uses <c>full</c> ensembling only and says so in its title.
/// </summary>
public static class TransferTrend
{
    public const string Ensembling = "full";

    /// <summary>The figure, or null when the model has no <c>full</c> rows.</summary>
    public static PlotFigure? Build(string modelLabel, IReadOnlyList<SweepRow> modelRows)
    {
        var rows = modelRows.Where(row => row.Ensembling == Ensembling).ToList();
        if (rows.Count == 0) return null;
        var layers = rows.Select(row => row.Layer).Distinct().Order().ToList();
        var evals = rows.Select(row => row.EvalDataset).Distinct().Order(StringComparer.Ordinal).ToList();
        // The pivot of the original: rows = layer, columns = evaluated dataset, mean over the rest.
        var pivot = evals.ToDictionary(dataset => dataset, dataset => layers
            .Select(layer => PandasMean.Of(rows.Where(row => row.EvalDataset == dataset && row.Layer == layer).Select(row => row.AurocEstimate)))
            .ToArray());

        var plot = FigureStyle.NewPlot();
        for (int i = 0; i < evals.Count; i++)
        {
            var points = Points(layers, pivot[evals[i]]);
            var line = plot.Add.Scatter(points.X, points.Y, FigureStyle.Plotly[i % FigureStyle.Plotly.Count]);
            line.LegendText = evals[i];
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }
        var average = Points(layers, layers.Select((_, j) => PandasMean.Of(evals.Select(dataset => pivot[dataset][j]))).ToArray());
        var averageLine = plot.Add.Scatter(average.X, average.Y, Colors.Gray);
        averageLine.LegendText = "average";
        averageLine.LineWidth = 2;
        averageLine.LinePattern = LinePattern.Dashed;
        averageLine.MarkerSize = 0;

        plot.Title($"AUROC Score Trend: {modelLabel} (ensembling: {Ensembling})");
        plot.XLabel("Layer");
        plot.YLabel("AUROC Score");
        FigureStyle.IntegerLayerTicks(plot);
        plot.ShowLegend(Edge.Right);
        return new PlotFigure(Path.Combine(modelLabel, "transfer_eval_trend"), plot, 1000, 600);
    }

    /// <summary>The points of one line, leaving out layers without a value.</summary>
    private static (double[] X, double[] Y) Points(IReadOnlyList<int> layers, double[] values)
    {
        var kept = Enumerable.Range(0, layers.Count).Where(j => !double.IsNaN(values[j])).ToList();
        return (kept.Select(j => (double)layers[j]).ToArray(), kept.Select(j => values[j]).ToArray());
    }
}
