using ScottPlot;

namespace Ccs.Plotting;

/// <summary>
/// <c>viz/&lt;model&gt;-line-ds-multiplot.png</c>: one panel per dataset (three per row) with the in-distribution
/// AUROC per layer, one line per ensembling mode, y range [0.4, 1.1], shared axes; as the original's
/// <c>SweepByDsMultiplot</c> (<c>ccs/plotting/visualize.py</c>, <c>with_transfer=False</c>). The header row holds the
/// title and the legend (the original's legend title was "Ensembling").
/// </summary>
public static class DatasetMultiplot
{
    public const int Columns = 3;
    public const double YMin = 0.4, YMax = 1.1;
    private const int HeaderUnits = 1, RowUnits = 4;

    /// <summary>The figure, or null when the model has no in-distribution rows (trained and evaluated on the same entry).</summary>
    public static MultiplotFigure? Build(string modelLabel, IReadOnlyList<SweepRow> modelRows)
    {
        var rows = modelRows.Where(row => !row.Transfer && row.EvalDataset == row.TrainDataset).ToList();
        if (rows.Count == 0) return null;
        var datasets = rows.Select(row => row.EvalDataset).Distinct().Order(StringComparer.Ordinal).ToList();
        int gridRows = (datasets.Count + Columns - 1) / Columns;
        int layerMin = rows.Min(row => row.Layer), layerMax = rows.Max(row => row.Layer);
        // The original's fixed range [0.4, 1.1] cut off every line below 0.4 (reporters worse than chance, common
        // on small samples), leaving lines that end in mid-air; the range is widened down to the lowest value.
        double yMin = Math.Min(YMin, Math.Floor(rows.Select(row => row.AurocEstimate).Where(double.IsFinite).DefaultIfEmpty(YMin).Min() * 10) / 10);

        var layout = new ScottPlot.MultiplotLayouts.CustomGrid();
        int unitRows = HeaderUnits + RowUnits * gridRows;

        var header = FigureStyle.NewPlot();
        header.HideAxesAndGrid();
        header.Title($"AUROC Trend: {modelLabel}");
        var legend = new List<LegendItem> { new() { LabelText = "Ensembling:", LineWidth = 0 } };
        legend.AddRange(FigureStyle.EnsemblingModes.Select((mode, i) =>
            new LegendItem { LabelText = mode, LineColor = FigureStyle.Plotly[i], LineWidth = 2 }));
        header.ShowLegend(legend, Alignment.LowerCenter).Orientation = Orientation.Horizontal;
        var multiplot = new Multiplot(header);
        layout.Set(header, new GridCell(0, 0, unitRows, Columns, HeaderUnits, Columns));

        var panels = new List<Plot>();
        for (int d = 0; d < datasets.Count; d++)
        {
            var panel = FigureStyle.NewPlot();
            int gridRow = d / Columns, gridColumn = d % Columns;
            for (int m = 0; m < FigureStyle.EnsemblingModes.Count; m++)
            {
                string mode = FigureStyle.EnsemblingModes[m];
                var points = rows.Where(row => row.EvalDataset == datasets[d] && row.Ensembling == mode)
                    .GroupBy(row => row.Layer).OrderBy(group => group.Key)
                    .Select(group => (Layer: (double)group.Key, Auroc: PandasMean.Of(group.Select(row => row.AurocEstimate))))
                    .Where(point => !double.IsNaN(point.Auroc)).ToList();
                if (points.Count == 0) continue;
                var line = panel.Add.Scatter(points.Select(p => p.Layer).ToArray(), points.Select(p => p.Auroc).ToArray(), FigureStyle.Plotly[m]);
                line.LegendText = mode;
                line.LineWidth = 2;
                line.MarkerSize = points.Count == 1 ? 6 : 0;
            }
            panel.HideLegend();
            panel.Title(datasets[d], size: 14);
            panel.Axes.SetLimits(layerMin - 0.5, layerMax + 0.5, yMin, YMax);
            FigureStyle.IntegerLayerTicks(panel);
            if (gridColumn == 0) panel.YLabel("AUROC");
            if (d + Columns >= datasets.Count) panel.XLabel("Layer");
            multiplot.AddPlot(panel);
            layout.Set(panel, new GridCell(HeaderUnits + gridRow * RowUnits, gridColumn, unitRows, Columns, RowUnits, 1));
            panels.Add(panel);
        }
        multiplot.Layout = layout;
        multiplot.SharedAxes.ShareX(panels);
        multiplot.SharedAxes.ShareY(panels);
        return new MultiplotFigure($"{modelLabel}-line-ds-multiplot", multiplot, header, panels, 1400, 90 + 360 * gridRows);
    }
}
