using System.Text.Json;

namespace Ccs.Data;

/// <summary>
/// Reads <c>.jsonl</c> (one object per line) and <c>.json</c> (JSON lines, an array of objects, or an object of
/// equal-length column arrays) the way the <c>datasets</c> JSON builder does through pyarrow: columns in order of
/// first appearance, a key missing from a row reads as null, and a column holding both integers and fractions
/// becomes all doubles (Arrow's int64 → double promotion).
/// </summary>
internal static class JsonTableReader
{
    public static Table Read(string path)
    {
        string text = File.ReadAllText(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && TryParseDocument(text) is { } doc)
        {
            using (doc) return FromDocument(doc.RootElement);
        }
        return FromLines(text);
    }

    private static JsonDocument? TryParseDocument(string text)
    {
        try { return JsonDocument.Parse(text); }
        catch (JsonException) { return null; } // several top-level values: JSON lines
    }

    private static Table FromDocument(JsonElement root)
    {
        var builder = new RowsBuilder();
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                int i = 0;
                foreach (JsonElement item in root.EnumerateArray()) builder.Add(item, $"item {i++}");
                break;
            case JsonValueKind.Object when root.EnumerateObject().Any() && root.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Array):
                builder.AddColumns(root);
                break;
            case JsonValueKind.Object:
                builder.Add(root, "the object");
                break;
            default:
                throw new InvalidDataException($"expected JSON objects, found a {root.ValueKind}");
        }
        return builder.Build();
    }

    private static Table FromLines(string text)
    {
        var builder = new RowsBuilder();
        int lineNumber = 0;
        foreach (string line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException e) { throw new InvalidDataException($"line {lineNumber} is not valid JSON ({e.Message})", e); }
            using (doc) builder.Add(doc.RootElement, $"line {lineNumber}");
        }
        return builder.Build();
    }

    /// <summary>Collects rows with a growing column list; promotes mixed integer/fraction columns to double.</summary>
    private sealed class RowsBuilder
    {
        private readonly List<string> _columns = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<List<object?>> _rows = [];

        public void Add(JsonElement obj, string where)
        {
            if (obj.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{where} is a JSON {obj.ValueKind}, expected an object");
            var row = new List<object?>();
            foreach (JsonProperty p in obj.EnumerateObject()) Set(row, ColumnIndex(p.Name), JsonValues.Convert(p.Value));
            _rows.Add(row);
        }

        public void AddColumns(JsonElement columns)
        {
            int n = columns.EnumerateObject().First().Value.GetArrayLength();
            for (int r = 0; r < n; r++) _rows.Add([]);
            foreach (JsonProperty p in columns.EnumerateObject())
            {
                if (p.Value.GetArrayLength() != n)
                    throw new InvalidDataException($"column '{p.Name}' has {p.Value.GetArrayLength()} values, expected {n}");
                int c = ColumnIndex(p.Name), r = 0;
                foreach (JsonElement v in p.Value.EnumerateArray()) Set(_rows[r++], c, JsonValues.Convert(v));
            }
        }

        private int ColumnIndex(string name)
        {
            if (_index.TryGetValue(name, out int c)) return c;
            _index[name] = _columns.Count;
            _columns.Add(name);
            return _columns.Count - 1;
        }

        private static void Set(List<object?> row, int column, object? value)
        {
            while (row.Count <= column) row.Add(null);
            row[column] = value;
        }

        public Table Build()
        {
            foreach (List<object?> row in _rows) while (row.Count < _columns.Count) row.Add(null);
            for (int c = 0; c < _columns.Count; c++)
            {
                bool hasDouble = _rows.Any(r => r[c] is double), hasLong = _rows.Any(r => r[c] is long);
                if (!hasDouble || !hasLong) continue;
                foreach (List<object?> row in _rows) if (row[c] is long l) row[c] = (double)l;
            }
            return new Table([.. _columns], _rows, DatasetFeatures.None);
        }
    }
}

/// <summary>JSON value → table value: integers as long (double beyond its range), other numbers as double.</summary>
internal static class JsonValues
{
    public static object? Convert(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.TryGetInt64(out long l) && IsIntegerLiteral(v.GetRawText()) ? (object)l : v.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Array => (IReadOnlyList<object?>)[.. v.EnumerateArray().Select(Convert)],
        JsonValueKind.Object => Record(v),
        _ => throw new InvalidDataException($"unsupported JSON value {v.ValueKind}"),
    };

    private static bool IsIntegerLiteral(string raw) => raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    private static IReadOnlyDictionary<string, object?> Record(JsonElement obj)
    {
        var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty p in obj.EnumerateObject()) dict[p.Name] = Convert(p.Value);
        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(dict);
    }
}
