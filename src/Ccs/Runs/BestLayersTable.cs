using System.Globalization;
using Ccs.Metrics;

namespace Ccs.Runs;

/// <summary>
/// The summary printed at the end of a run: per dataset and scorer (reporter, LR, sanity baselines, LM) the layer
/// with the highest validation AUROC in <c>full</c> ensembling, next to the reporter's best, so a reporter that does
/// no better than a random direction is visible at once.
/// </summary>
public static class BestLayersTable
{
    public static void Print(TextWriter output, IEnumerable<(string Scorer, IReadOnlyList<MetricRow> Rows)> scorers)
    {
        var lines = new List<string[]>();
        foreach (var (scorer, rows) in scorers)
        {
            var full = rows.Where(r => r.Mode == Ensembling.Full && (r.InlpIter ?? 0) == 0);
            foreach (var group in full.GroupBy(r => (r.Dataset, r.Baseline)))
            {
                // The first layer with the highest AUROC; NaN (one class) never wins.
                MetricRow? best = group.Where(r => !double.IsNaN(r.Result.Auroc.Estimate))
                    .OrderByDescending(r => r.Result.Auroc.Estimate).ThenBy(r => r.Layer).FirstOrDefault();
                if (best is null) continue;
                string name = group.Key.Baseline is { } b ? $"{scorer} {b}" : scorer;
                lines.Add([group.Key.Dataset, name, scorer == "lm" ? "-" : best.Layer.ToString(CultureInfo.InvariantCulture),
                    Format(best.Result.Auroc.Estimate),
                    $"[{Format(best.Result.Auroc.Lower)}, {Format(best.Result.Auroc.Upper)}]"]);
            }
        }
        if (lines.Count == 0) return;
        string[] header = ["dataset", "scorer", "layer", "auroc", "95% interval"];
        int[] widths = [.. Enumerable.Range(0, header.Length).Select(i => lines.Append(header).Max(l => l[i].Length))];
        output.WriteLine("Best layers by validation AUROC (full ensembling):");
        foreach (string[] line in lines.Prepend(header))
            output.WriteLine("  " + string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
    }

    private static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
