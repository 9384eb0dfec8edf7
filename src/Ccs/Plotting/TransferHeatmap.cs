using System.Globalization;
using ScottPlot;

namespace Ccs.Plotting;

/// <summary>
/// <c>viz/&lt;model&gt;/&lt;layer&gt;.png</c>: AUROC of every (train dataset, evaluated dataset) pair at one layer,
/// <c>full</c> ensembling, as the original's <c>TransferEvalHeatmap</c> (<c>ccs/plotting/visualize.py</c>: Viridis,
/// values printed, rows = evaluated dataset, columns = train dataset). Fixed (spec 10.B12): one figure per layer
/// present rather than per integer between the smallest and largest, and the title names the model.
/// </summary>
public static class TransferHeatmap
{
    public const string Ensembling = "full";

    /// <summary>The layers that get a heat map: none unless the model has transfer results (as the original).</summary>
    public static IReadOnlyList<int> Layers(IReadOnlyList<SweepRow> modelRows) =>
        modelRows.Any(row => row.Transfer)
            ? modelRows.Where(row => row.Ensembling == Ensembling).Select(row => row.Layer).Distinct().Order().ToList()
            : [];

    public static PlotFigure Build(string modelLabel, IReadOnlyList<SweepRow> modelRows, int layer)
    {
        var rows = modelRows.Where(row => row.Layer == layer && row.Ensembling == Ensembling).ToList();
        var evals = rows.Select(row => row.EvalDataset).Distinct().Order(StringComparer.Ordinal).ToList();
        var trains = rows.Select(row => row.TrainDataset).Distinct().Order(StringComparer.Ordinal).ToList();
        var values = new double[evals.Count, trains.Count];
        for (int r = 0; r < evals.Count; r++)
        {
            for (int c = 0; c < trains.Count; c++)
            {
                values[r, c] = PandasMean.Of(rows
                    .Where(row => row.EvalDataset == evals[r] && row.TrainDataset == trains[c])
                    .Select(row => row.AurocEstimate));
            }
        }

        var plot = FigureStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Row 0 at the top, cell (r, c) centred on (c + 0.5, rows - r - 0.5).
        heatmap.Rectangle = new CoordinateRect(0, trains.Count, 0, evals.Count);
        heatmap.NaNCellColor = Colors.LightGray;
        var finite = values.Cast<double>().Where(double.IsFinite).ToList();
        double low = finite.Count > 0 ? finite.Min() : 0, high = finite.Count > 0 ? finite.Max() : 1;
        if (high - low < 1e-9) (low, high) = (low - 0.01, high + 0.01);
        heatmap.ManualRange = new ScottPlot.Range(low, high);
        for (int r = 0; r < evals.Count; r++)
        {
            for (int c = 0; c < trains.Count; c++)
            {
                if (!double.IsFinite(values[r, c])) continue;
                var text = plot.Add.Text(values[r, c].ToString("0.000", CultureInfo.InvariantCulture), c + 0.5, evals.Count - r - 0.5);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = 16;
                // Dark text on the bright (yellow) half of Viridis, light text on the dark half.
                text.LabelFontColor = (values[r, c] - low) / (high - low) > 0.5 ? Colors.Black : Colors.White;
            }
        }
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "AUROC";
        colorBar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 6 };

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, trains.Count).Select(c => c + 0.5).ToArray(), trains.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, evals.Count).Select(r => evals.Count - r - 0.5).ToArray(), evals.ToArray());
        float labelRoom = 0;
        if (trains.Count > 3)
        {
            // Slanted train-dataset names, with room below the axis for the longest (ScottPlot does not reserve it).
            var style = plot.Axes.Bottom.TickLabelStyle;
            style.Rotation = 45;
            style.Alignment = Alignment.MiddleLeft;
            using var paint = Paint.NewDisposablePaint();
            labelRoom = style.MeasureWidestString(trains.ToArray(), paint).Item2.Length * 0.71f + 50; // + the axis title
            plot.Axes.Bottom.MinimumSize = labelRoom;
        }
        plot.Axes.SetLimits(0, trains.Count, 0, evals.Count);
        plot.Title($"AUROC Score Heatmap: {modelLabel} | Layer {layer}");
        plot.XLabel("Train Dataset");
        plot.YLabel("Transfer Dataset");
        plot.HideGrid();
        int width = Math.Max(900, 300 + 110 * trains.Count), height = Math.Max(700, 250 + 70 * evals.Count + (int)labelRoom);
        return new PlotFigure(Path.Combine(modelLabel, layer.ToString(CultureInfo.InvariantCulture)), plot, width, height);
    }
}
