using System.Collections;
using Parquet.Schema;
using Parquet.Serialization;

namespace Ccs.Data;

/// <summary>
/// Reads a <c>.parquet</c> file (any schema: scalars, lists, nested records) with Parquet.Net's untyped
/// deserializer, and the Hugging Face feature types from the file's <c>huggingface</c> metadata key, which
/// <c>datasets</c> and the hub's parquet export write (<c>datasets/arrow_writer.py</c>).
/// </summary>
internal static class ParquetTableReader
{
    private const string HuggingFaceMetadataKey = "huggingface";

    public static Table Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        DeserializationResult<Dictionary<string, object>> result =
            ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult();
        string[] columns = [.. result.Schema.Fields.Select(f => f.Name)];
        // The untyped reader leaves out the key of an empty list (and of a null one; the two cannot be told apart
        // here): a list column without a value reads as an empty list, any other column as null.
        object?[] absent = [.. result.Schema.Fields.Select(f => f is ListField ? (object)Array.Empty<object?>() : null)];
        var rows = result.Data.Select(record => (IReadOnlyList<object?>)[.. columns.Select((c, i) =>
            record.TryGetValue(c, out object? v) ? Normalize(v) : absent[i])]);
        DatasetFeatures features = result.CustomMetadata.TryGetValue(HuggingFaceMetadataKey, out string? info)
            ? DatasetFeatures.FromInfoJson(info) : DatasetFeatures.None;
        return new Table([.. columns], rows, features);
    }

    /// <summary>Parquet.Net's CLR values → the table's value types (integers as long, floats as double, …).</summary>
    internal static object? Normalize(object? value) => value switch
    {
        null => null,
        string or bool or long or double or byte[] => value,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : (double)u,
        float f => (double)f,
        decimal m => (double)m,
        ReadOnlyMemory<char> chars => chars.ToString(),
        ReadOnlyMemory<byte> bytes => bytes.ToArray(),
        IDictionary<string, object> record => Record(record),
        IDictionary dictionary => Record(dictionary.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)!, k => dictionary[k]!)),
        IEnumerable list => (IReadOnlyList<object?>)[.. list.Cast<object?>().Select(Normalize)],
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static IReadOnlyDictionary<string, object?> Record(IDictionary<string, object> record)
    {
        var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object> kv in record) dict[kv.Key] = Normalize(kv.Value);
        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(dict);
    }
}
