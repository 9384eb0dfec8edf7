using CsvHelper;

namespace Ccs.Runs;

/// <summary>
/// Writes the original's metric tables (<c>eval.csv</c>, <c>lr_eval.csv</c>, …, spec 9.5-9.8): the given header,
/// rows in the given order, numbers rounded to 4 decimals as pandas does, missing values as empty fields,
/// <c>\n</c> line ends. Written to a temporary file and renamed, so a crash never leaves half a file.
/// </summary>
public static class MetricCsv
{
    /// <summary>One row: each cell is a string, a long, a double (rounded) or null (empty).</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        string temporary = path + ".tmp";
        using (var text = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord(header.ToArray());
            foreach (var row in rows)
            {
                if (row.Count != header.Count)
                    throw new ArgumentException($"{Path.GetFileName(path)}: row has {row.Count} cells, header {header.Count}");
                csv.WriteRecord(row.Select(Format).ToArray());
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static string Format(object? cell) => cell switch
    {
        null => "",
        string s => s,
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => PythonNumbers.Cell(d),
        float f => PythonNumbers.Cell(f),
        _ => throw new ArgumentException($"unsupported CSV cell type {cell.GetType().Name}"),
    };
}
