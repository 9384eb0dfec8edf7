using System.Text.Json;

namespace Ccs.Prompts.Jinja;

/// <summary>Dataset rows from JSON as the Python values Hugging Face <c>datasets</c> yields: objects become
/// <see cref="PyDict"/> (key order kept), arrays lists, integer literals <c>int</c>, other numbers <c>float</c>.</summary>
public static class PyJson
{
    public static Dictionary<string, object?> Row(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw new FormatException("a dataset row must be a JSON object");
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject()) row[p.Name] = Value(p.Value);
        return row;
    }

    public static object? Value(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number:
                string raw = e.GetRawText();
                return raw.IndexOfAny(['.', 'e', 'E']) < 0 && e.TryGetInt64(out long l) ? (object)l : e.GetDouble();
            case JsonValueKind.Array: return e.EnumerateArray().Select(Value).ToList();
            case JsonValueKind.Object:
                var d = new PyDict();
                foreach (var p in e.EnumerateObject()) d.Set(p.Name, Value(p.Value));
                return d;
            default: throw new FormatException($"unexpected JSON value {e.ValueKind}");
        }
    }
}
