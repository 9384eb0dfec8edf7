using System.Globalization;
using System.Net;
using System.Text;

namespace Ccs.Plotting;

/// <summary>The figures written for one model: PNG paths (null where a figure had no data).</summary>
public sealed record ModelFigures(string ModelLabel, string? Multiplot, string? Trend, IReadOnlyList<(int Layer, string Png)> Heatmaps);

/// <summary>
/// <c>viz/index.html</c>: one self-contained page per sweep (no network, no neighbouring files: every figure is a
/// base64 PNG data URI) with the score table, the best layer per model and dataset, and each model's figures.
/// The original had no such page (it wrote a plotly HTML per model); this replaces browsing PNG files.
/// </summary>
public static class SweepReport
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; max-width: 1200px; margin: 24px auto; padding: 0 16px; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.2em; }
        p.note { color: #555; margin-top: 0.2em; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #ccc; padding: 4px 12px; text-align: right; }
        th:first-child, td:first-child, th.name, td.name { text-align: left; }
        thead th { background: #eef0f8; }
        tr.margin td { font-weight: bold; background: #fafafa; }
        figure { margin: 12px 0; } figcaption { color: #555; font-size: 0.9em; }
        img { max-width: 100%; height: auto; border: 1px solid #eee; }
        .heatmaps { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; }
        """;

    public static string Render(SweepResults sweep, ScoreTable scores, IReadOnlyList<BestLayer> bestLayers, IReadOnlyList<ModelFigures> figures)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(sweep.SweepPath));
        int datasets = sweep.Rows.Select(row => row.EvalDataset).Distinct().Count();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append($"<title>ccs sweep {E(name)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n")
            .Append($"<h1>Sweep {E(name)}</h1>\n")
            .Append($"<p class=\"note\">{E(sweep.SweepPath)}: {sweep.ModelLabels.Count} model(s), {datasets} dataset(s), {sweep.Rows.Count} result rows.</p>\n");

        html.Append("<h2>Score table</h2>\n")
            .Append($"<p class=\"note\">Mean AUROC ({ScoreTable.Ensembling} ensembling) at each model's best layer, the layer with the highest mean AUROC over all its datasets; {ScoreTable.MarginName} = mean over the rows behind it. Also in {ScoreTable.FileName}.</p>\n");
        ScoreTableHtml(html, scores);

        html.Append("<h2>Best layer per model and dataset</h2>\n")
            .Append($"<p class=\"note\">The layer with the highest mean AUROC ({ScoreTable.Ensembling} ensembling, averaged over training datasets) for each evaluated dataset.</p>\n")
            .Append("<table>\n<thead><tr><th>Model</th><th class=\"name\">Dataset</th><th>Best layer</th><th>AUROC</th></tr></thead>\n<tbody>\n");
        foreach (var line in bestLayers)
            html.Append($"<tr><td>{E(line.Model)}</td><td class=\"name\">{E(line.Dataset)}</td><td>{line.Layer}</td><td>{Number(line.Auroc)}</td></tr>\n");
        html.Append("</tbody>\n</table>\n");

        foreach (var model in figures)
        {
            html.Append($"<h2>{E(model.ModelLabel)}</h2>\n");
            if (model.Multiplot is { } multiplot)
                Figure(html, multiplot, "AUROC per layer on each training dataset itself, one line per ensembling mode.");
            if (model.Trend is { } trend)
                Figure(html, trend, $"Transfer trend: mean AUROC per layer of each evaluated dataset over all training datasets ({TransferTrend.Ensembling} ensembling).");
            if (model.Heatmaps.Count > 0)
            {
                html.Append($"<h3>Transfer heat maps ({TransferHeatmap.Ensembling} ensembling)</h3>\n<div class=\"heatmaps\">\n");
                foreach (var (layer, png) in model.Heatmaps) Figure(html, png, $"Layer {layer}");
                html.Append("</div>\n");
            }
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void ScoreTableHtml(StringBuilder html, ScoreTable scores)
    {
        html.Append("<table>\n<thead><tr><th>Dataset</th>");
        foreach (string model in scores.Models) html.Append($"<th>{E(model)}</th>");
        html.Append($"<th>{ScoreTable.MarginName}</th></tr></thead>\n<tbody>\n");
        for (int d = 0; d < scores.Datasets.Count; d++)
        {
            html.Append($"<tr><td>{E(scores.Datasets[d])}</td>");
            for (int m = 0; m < scores.Models.Count; m++) html.Append($"<td>{Number(scores.Cells[d, m])}</td>");
            html.Append($"<td>{Number(scores.DatasetMeans[d])}</td></tr>\n");
        }
        html.Append($"<tr class=\"margin\"><td>{ScoreTable.MarginName}</td>");
        foreach (double mean in scores.ModelMeans.Append(scores.OverallMean)) html.Append($"<td>{Number(mean)}</td>");
        html.Append("</tr>\n<tr class=\"margin\"><td>Best Layer</td>");
        foreach (int layer in scores.BestLayers) html.Append($"<td>{layer.ToString(CultureInfo.InvariantCulture)}</td>");
        html.Append("<td></td></tr>\n</tbody>\n</table>\n");
    }

    private static void Figure(StringBuilder html, string png, string caption)
    {
        string data = Convert.ToBase64String(File.ReadAllBytes(png));
        html.Append($"<figure><img alt=\"{E(Path.GetFileName(png))}\" src=\"data:image/png;base64,{data}\">")
            .Append($"<figcaption>{E(caption)}</figcaption></figure>\n");
    }

    /// <summary>Three decimals as the printed table; a dash where there is no result.</summary>
    private static string Number(double value) => double.IsNaN(value) ? "&ndash;" : ScoreTable.Fixed3(value);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
