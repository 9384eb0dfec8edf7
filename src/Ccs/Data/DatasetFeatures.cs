using System.Collections.Immutable;
using System.Text.Json;

namespace Ccs.Data;

/// <summary>A Hugging Face feature type of one column, as far as label handling needs it (spec 3.3).</summary>
public abstract record Feature;

/// <summary><c>ClassLabel</c>: integer ids 0..k-1 with names (<c>datasets/features/features.py</c>).</summary>
public sealed record ClassLabelFeature(ImmutableArray<string> Names) : Feature
{
    public int NumClasses => Names.Length;
}

/// <summary><c>Value(dtype)</c>, e.g. <c>int64</c>, <c>bool</c>, <c>string</c>.</summary>
public sealed record ValueFeature(string Dtype) : Feature;

/// <summary>Any other feature type (<c>Sequence</c>, nested records, images, …), kept by name only.</summary>
public sealed record OtherFeature(string TypeName) : Feature;

/// <summary>
/// The top-level feature types of a dataset's columns, from the <c>huggingface</c> key of a parquet file's metadata
/// (written by <c>datasets</c> and the hub's parquet export) or a <c>dataset_info.json</c> beside the data files.
/// </summary>
public sealed record DatasetFeatures(ImmutableDictionary<string, Feature> ByColumn)
{
    public static DatasetFeatures None { get; } = new(ImmutableDictionary<string, Feature>.Empty);

    public bool IsEmpty => ByColumn.IsEmpty;

    public Feature? this[string column] => ByColumn.GetValueOrDefault(column);

    /// <summary>Reads the <c>features</c> object of a <c>DatasetInfo</c> JSON (<c>Features.to_dict()</c> layout).</summary>
    public static DatasetFeatures FromFeaturesJson(JsonElement features)
    {
        if (features.ValueKind != JsonValueKind.Object) return None;
        var map = ImmutableDictionary.CreateBuilder<string, Feature>(StringComparer.Ordinal);
        foreach (JsonProperty column in features.EnumerateObject()) map[column.Name] = Parse(column.Value);
        return new DatasetFeatures(map.ToImmutable());
    }

    /// <summary>The features inside a JSON document shaped like <c>{"info": {"features": …}}</c> or <c>{"features": …}</c>.</summary>
    public static DatasetFeatures FromInfoJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return None;
        if (root.TryGetProperty("info", out JsonElement info) && info.ValueKind == JsonValueKind.Object) root = info;
        return root.TryGetProperty("features", out JsonElement features) ? FromFeaturesJson(features) : None;
    }

    private static Feature Parse(JsonElement feature)
    {
        if (feature.ValueKind == JsonValueKind.Array) return new OtherFeature("list");
        if (feature.ValueKind != JsonValueKind.Object) return new OtherFeature(feature.ValueKind.ToString());
        if (!feature.TryGetProperty("_type", out JsonElement type)) return new OtherFeature("struct");
        switch (type.GetString())
        {
            case "ClassLabel":
                if (feature.TryGetProperty("names", out JsonElement names) && names.ValueKind == JsonValueKind.Array)
                    return new ClassLabelFeature([.. names.EnumerateArray().Select(n => n.GetString() ?? "")]);
                int k = feature.TryGetProperty("num_classes", out JsonElement num) && num.ValueKind == JsonValueKind.Number
                    ? num.GetInt32() : 0;
                return new ClassLabelFeature([.. Enumerable.Range(0, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            case "Value":
                return new ValueFeature(feature.TryGetProperty("dtype", out JsonElement dtype) ? dtype.GetString() ?? "" : "");
            default:
                return new OtherFeature(type.GetString() ?? "");
        }
    }
}
