using System.Globalization;
using System.Text;
using Ccs.Options;

namespace Ccs.Plotting;

/// <summary>
/// The sweep's score table, as the original's <c>SweepVisualization.render_table</c> (<c>ccs/plotting/visualize.py</c>):
/// <c>partial</c> rows only; for each model the best layer is the one with the highest mean AUROC over all its rows;
/// at that layer, a pivot of mean AUROC (rows = evaluated dataset, columns = model) with a <c>Mean</c> margin
/// (means over the underlying rows, as <c>pivot_table(margins=True)</c>). Fixed (spec 10.B12): the best layer is a
/// layer number (the original took its position among the layers and then filtered by it as a number).
/// </summary>
public sealed record ScoreTable(
    IReadOnlyList<string> Datasets,
    IReadOnlyList<string> Models,
    double[,] Cells,
    IReadOnlyList<double> DatasetMeans,
    IReadOnlyList<double> ModelMeans,
    double OverallMean,
    IReadOnlyList<int> BestLayers)
{
    public const string Ensembling = "partial";
    public const string MarginName = "Mean";
    public const string FileName = "score_table_auroc_estimate.csv";

    public static ScoreTable Compute(SweepResults sweep)
    {
        var partial = sweep.Rows.Where(row => row.Ensembling == Ensembling).ToList();
        var models = partial.Select(row => row.ModelLabel).Distinct().Order(StringComparer.Ordinal).ToList();
        var bestLayers = new List<int>();
        var kept = new List<SweepRow>();
        foreach (string model in models)
        {
            var modelRows = partial.Where(row => row.ModelLabel == model).ToList();
            int best = BestLayer(modelRows);
            bestLayers.Add(best);
            kept.AddRange(modelRows.Where(row => row.Layer == best));
        }
        var datasets = kept.Select(row => row.EvalDataset).Distinct().Order(StringComparer.Ordinal).ToList();
        var cells = new double[datasets.Count, models.Count];
        for (int d = 0; d < datasets.Count; d++)
        {
            for (int m = 0; m < models.Count; m++)
                cells[d, m] = PandasMean.Of(kept.Where(row => row.EvalDataset == datasets[d] && row.ModelLabel == models[m]).Select(row => row.AurocEstimate));
        }
        return new ScoreTable(
            datasets, models, cells,
            datasets.Select(dataset => PandasMean.Of(kept.Where(row => row.EvalDataset == dataset).Select(row => row.AurocEstimate))).ToList(),
            models.Select(model => PandasMean.Of(kept.Where(row => row.ModelLabel == model).Select(row => row.AurocEstimate))).ToList(),
            PandasMean.Of(kept.Select(row => row.AurocEstimate)),
            bestLayers);
    }

    /// <summary>The layer with the highest mean AUROC; the lowest such layer on ties (NumPy's argmax takes the first).</summary>
    public static int BestLayer(IEnumerable<SweepRow> rows)
    {
        var means = rows.GroupBy(row => row.Layer).OrderBy(group => group.Key)
            .Select(group => (Layer: group.Key, Mean: PandasMean.Of(group.Select(row => row.AurocEstimate)))).ToList();
        // NaN means (a layer without any AUROC value) never win, as pandas' argmax skips them.
        var best = means.Where(entry => !double.IsNaN(entry.Mean)).DefaultIfEmpty(means[0])
            .Aggregate((a, b) => b.Mean > a.Mean ? b : a);
        return best.Layer;
    }

    /// <summary>The CSV the original's <c>pivot_table.to_csv</c> writes: index column <c>eval_dataset</c>, one column
    /// per model and <c>Mean</c>, a last <c>Mean</c> row; floats in Python's repr, missing cells empty.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', new[] { "eval_dataset" }.Concat(Models).Append(MarginName).Select(Quote))).Append('\n');
        for (int d = 0; d < Datasets.Count; d++)
        {
            var values = Enumerable.Range(0, Models.Count).Select(m => Cells[d, m]).Append(DatasetMeans[d]);
            text.Append(string.Join(',', values.Select(Repr).Prepend(Quote(Datasets[d])))).Append('\n');
        }
        text.Append(string.Join(',', ModelMeans.Append(OverallMean).Select(Repr).Prepend(MarginName))).Append('\n');
        return text.ToString();
    }

    /// <summary>The table the original printed with rich (values <c>%.3f</c>, a last <c>Best Layer</c> row), as plain text.</summary>
    public string ToText()
    {
        var header = new[] { "Dataset" }.Concat(Models).Append(MarginName).ToList();
        var lines = new List<IReadOnlyList<string>>();
        for (int d = 0; d < Datasets.Count; d++)
            lines.Add(Enumerable.Range(0, Models.Count).Select(m => Cells[d, m]).Append(DatasetMeans[d]).Select(Fixed3).Prepend(Datasets[d]).ToList());
        lines.Add(ModelMeans.Append(OverallMean).Select(Fixed3).Prepend(MarginName).ToList());
        lines.Add(BestLayers.Select(layer => layer.ToString(CultureInfo.InvariantCulture)).Prepend("Best Layer").Append("").ToList());
        return TextTable.Render(header, lines);
    }

    public static string Fixed3(double value) =>
        double.IsNaN(value) ? "nan" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Repr(double value) => double.IsNaN(value) ? "" : PythonFloat.Repr(value);

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
