using System.Net;
using System.Text;
using Ccs.Runs;

namespace Ccs.Plotting;

/// <summary>What one visualisation wrote.</summary>
public sealed record SweepVisualization(string VizFolder, SweepResults Sweep, ScoreTable Scores, IReadOnlyList<ModelFigures> Figures, string Report);

/// <summary>
/// Draws a sweep into <c>&lt;sweep&gt;/viz/</c> (spec 9.11), as the original's <c>visualize_sweep</c>
/// (<c>ccs/plotting/visualize.py</c>): per model its heat maps and transfer trend under <c>viz/&lt;model&gt;/</c>, its
/// dataset multiplot in <c>viz/</c>, then the score table (written to <c>viz/</c>, not the working directory, and
/// printed) and <c>viz/index.html</c>. The caller decides what to do with an existing <c>viz/</c>.
/// </summary>
public static class SweepVisualizer
{
    public static SweepVisualization Visualize(string sweepPath, CcsConsole console)
    {
        var sweep = SweepReader.Read(sweepPath, console.Warn);
        string viz = Path.Combine(sweepPath, "viz");
        Directory.CreateDirectory(viz);

        var figures = new List<ModelFigures>();
        foreach (string model in sweep.ModelLabels)
        {
            var rows = sweep.ForModel(model).ToList();
            var heatmaps = new List<(int Layer, string Png)>();
            foreach (int layer in TransferHeatmap.Layers(rows))
            {
                using var heatmap = TransferHeatmap.Build(model, rows, layer);
                heatmaps.Add((layer, FigureFiles.Save(heatmap, viz)));
            }
            string? trend = null, multiplot = null;
            using (var trendFigure = TransferTrend.Build(model, rows))
            {
                if (trendFigure is not null) trend = FigureFiles.Save(trendFigure, viz);
            }
            using (var multiplotFigure = DatasetMultiplot.Build(model, rows))
            {
                if (multiplotFigure is not null)
                {
                    multiplot = FigureFiles.Save(multiplotFigure, viz);
                    WriteSvgPage(Path.ChangeExtension(multiplot, ".svg"), $"AUROC Trend: {model}");
                }
            }
            figures.Add(new ModelFigures(model, multiplot, trend, heatmaps));
            int count = heatmaps.Count + (trend is null ? 0 : 1) + (multiplot is null ? 0 : 1);
            console.Out.WriteLine($"{model}: {count} figure(s) ({heatmaps.Count} transfer heat map(s))");
        }

        var scores = ScoreTable.Compute(sweep);
        string table = Path.Combine(viz, ScoreTable.FileName);
        File.WriteAllText(table, scores.ToCsv(), new UTF8Encoding(false));
        console.Out.Write(scores.ToText());
        console.Out.WriteLine($"Score table written to {table}");

        string report = Path.Combine(viz, "index.html");
        File.WriteAllText(report, SweepReport.Render(sweep, scores, BestLayerTable.Compute(sweep), figures), new UTF8Encoding(false));
        console.Out.WriteLine($"Report written to {report}");
        return new SweepVisualization(viz, sweep, scores, figures, report);
    }

    /// <summary>
    /// <c>&lt;model&gt;-line-ds-multiplot.html</c>: the original wrote plotly's interactive page under this name; here
    /// it is a standalone page showing the SVG.
    /// </summary>
    private static void WriteSvgPage(string svg, string title)
    {
        string data = Convert.ToBase64String(File.ReadAllBytes(svg));
        string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
            $"<title>{WebUtility.HtmlEncode(title)}</title>\n</head>\n<body style=\"margin:0\">\n" +
            $"<img alt=\"{WebUtility.HtmlEncode(title)}\" style=\"max-width:100%\" src=\"data:image/svg+xml;base64,{data}\">\n</body>\n</html>\n";
        File.WriteAllText(Path.ChangeExtension(svg, ".html"), page, new UTF8Encoding(false));
    }
}
