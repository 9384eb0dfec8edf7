using System.Text.Json;

namespace Ccs.Checkpoints;

/// <summary>
/// <c>model.safetensors.index.json</c> of a sharded checkpoint: <c>{"metadata": {...}, "weight_map": {tensor: shard
/// file}}</c>, as written by transformers' <c>save_pretrained</c> (modeling_utils.py, <c>SAFE_WEIGHTS_INDEX_NAME</c>).
/// </summary>
public sealed record ShardIndex(string IndexPath, IReadOnlyDictionary<string, string> WeightMap)
{
    /// <summary>The distinct shard files, as full paths, in the order they are first listed.</summary>
    public IReadOnlyList<string> ShardPaths =>
        WeightMap.Values.Distinct(StringComparer.Ordinal).Select(ShardPath).ToList();

    public string ShardPath(string shardFile) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(IndexPath)!, shardFile);

    public static ShardIndex Read(string indexPath)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllBytes(indexPath)); }
        catch (JsonException e) { throw Bad(indexPath, $"not valid JSON ({e.Message.Split('\n')[0]})"); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var weightMap)
                || weightMap.ValueKind != JsonValueKind.Object)
                throw Bad(indexPath, "no 'weight_map' object");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in weightMap.EnumerateObject())
            {
                string? file = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
                // Shards live beside the index; a path would let an index point anywhere on disk.
                if (string.IsNullOrEmpty(file) || file != System.IO.Path.GetFileName(file) || file is "." or "..")
                    throw Bad(indexPath, $"tensor '{entry.Name}': shard must be a file name beside the index, got {entry.Value.GetRawText()}");
                if (!map.TryAdd(entry.Name, file))
                    throw Bad(indexPath, $"tensor '{entry.Name}' is listed twice");
            }
            if (map.Count == 0) throw Bad(indexPath, "'weight_map' is empty");
            return new ShardIndex(indexPath, map);
        }
    }

    private static CcsException Bad(string path, string problem) => new(ExitCode.BadInput, $"{path}: {problem}");
}
