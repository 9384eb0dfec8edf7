using System.Globalization;
using CsvHelper;

namespace Ccs.Plotting;

/// <summary>One line of an <c>eval.csv</c> (spec 9.5): its dataset, layer, ensembling mode and numeric columns.</summary>
public sealed record EvalCsvLine(string Dataset, int Layer, string Ensembling, IReadOnlyDictionary<string, double> Metrics);

/// <summary>Reads an <c>eval.csv</c> by its header, so elicit files (with <c>train_loss</c>), transfer files and
/// multi-class files (without <c>cal_acc_*</c>) all read. Empty fields are NaN, as pandas reads them.</summary>
public static class EvalCsvFile
{
    private static readonly string[] Required = ["dataset", "layer", "ensembling", "auroc_estimate"];

    public static IReadOnlyList<EvalCsvLine> Read(string path)
    {
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions());
        var header = csv.Headers.ToList();
        foreach (string column in Required)
        {
            if (!header.Contains(column))
                throw new CcsException(ExitCode.BadInput, $"{path}: no '{column}' column (is it an eval.csv of ccs?)");
        }
        int dataset = header.IndexOf("dataset"), layer = header.IndexOf("layer"), ensembling = header.IndexOf("ensembling");
        var lines = new List<EvalCsvLine>();
        while (csv.Read())
        {
            int row = lines.Count + 2;
            if (csv.FieldCount != header.Count)
                throw new CcsException(ExitCode.BadInput, $"{path}: line {row} has {csv.FieldCount} fields, the header {header.Count}");
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < header.Count; i++)
            {
                if (i == dataset || i == layer || i == ensembling) continue;
                metrics[header[i]] = Number(csv.GetString(i), path, row, header[i]);
            }
            string layerText = csv.GetString(layer);
            if (!int.TryParse(layerText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int layerNumber))
                throw new CcsException(ExitCode.BadInput, $"{path}: line {row}: layer '{layerText}' is not an integer");
            lines.Add(new EvalCsvLine(csv.GetString(dataset), layerNumber, csv.GetString(ensembling), metrics));
        }
        return lines;
    }

    private static double Number(string text, string path, int row, string column)
    {
        if (text.Length == 0) return double.NaN;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new CcsException(ExitCode.BadInput, $"{path}: line {row}: {column} '{text}' is not a number");
    }
}
