using System.Globalization;
using System.Text;

namespace Ccs.Data;

/// <summary>
/// Reads a <c>.csv</c> split the way the <c>datasets</c> CSV builder does through <c>pandas.read_csv</c> with its
/// defaults: a header row, RFC 4180 quoting (<c>""</c> inside quotes), pandas' default missing-value markers read
/// as null, and per-column type inference (all integers → long, else all numbers → double, else all
/// <c>True</c>/<c>False</c> → bool, else string).
/// </summary>
internal static class CsvTableReader
{
    // pandas.io.parsers: STR_NA_VALUES (the default na_values)
    private static readonly HashSet<string> NaValues = new(StringComparer.Ordinal)
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    };

    public static Table Read(string path)
    {
        List<List<string>> records = Parse(File.ReadAllText(path));
        if (records.Count == 0) throw new InvalidDataException("the file is empty (no header row)");
        List<string> header = records[0];
        var rows = new List<object?[]>();
        for (int r = 1; r < records.Count; r++)
        {
            List<string> fields = records[r];
            if (fields.Count == 1 && fields[0].Length == 0) continue; // blank line
            if (fields.Count > header.Count)
                throw new InvalidDataException($"record {r + 1} has {fields.Count} fields, the header has {header.Count}");
            var row = new object?[header.Count];
            for (int c = 0; c < header.Count; c++) row[c] = c < fields.Count ? fields[c] : "";
            rows.Add(row);
        }
        for (int c = 0; c < header.Count; c++) TypeColumn(rows, c);
        return new Table([.. header], rows, DatasetFeatures.None);
    }

    private static void TypeColumn(List<object?[]> rows, int c)
    {
        var present = rows.Select(r => (string)r[c]!).Where(s => !NaValues.Contains(s)).ToList();
        Func<string, object?> convert;
        if (present.All(s => long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            convert = s => long.Parse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        else if (present.All(s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            convert = s => double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        else if (present.All(IsBool))
            convert = s => s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
        else
            convert = s => s;
        foreach (object?[] row in rows)
        {
            var text = (string)row[c]!;
            row[c] = NaValues.Contains(text) ? null : convert(text);
        }
    }

    private static bool IsBool(string s) => s.Trim() is "True" or "False" or "TRUE" or "FALSE" or "true" or "false";

    /// <summary>Splits CSV text into records of fields (quotes may span lines).</summary>
    private static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            any = true;
            if (inQuotes)
            {
                if (ch != '"') field.Append(ch);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else inQuotes = false;
            }
            else if (ch == '"') inQuotes = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString()); field.Clear();
                records.Add(fields); fields = [];
                any = false;
            }
            else field.Append(ch);
        }
        if (inQuotes) throw new InvalidDataException("a quoted field is not closed before the end of the file");
        if (any) { fields.Add(field.ToString()); records.Add(fields); }
        return records;
    }
}
