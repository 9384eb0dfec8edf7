using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Ccs.Caching;

/// <summary>
/// The cached extraction of one (model, dataset, split) under one fingerprint: Parquet part files written as
/// extraction goes (each atomically: temporary file, then rename) and a manifest recording every finished part
/// and the stream position it reached. A process killed at any moment leaves a valid prefix; rerunning resumes
/// after the last finished part, and — the example stream being deterministic and parts cut at the same
/// positions — ends with the same files as an uninterrupted run.
/// Columns as the original's record (spec 4.8): <c>row_id</c>, <c>label</c>, <c>variant_ids</c> and <c>texts</c>
/// (JSON lists), <c>lm_log_odds</c> (fp32 bytes, (v, k)), <c>hidden_&lt;layer&gt;</c> (bf16 or fp32 bytes, (v, k, d)).
/// </summary>
public sealed class CacheEntry
{
    private const string ManifestFile = "manifest.json";
    private CacheManifest _manifest;

    private CacheEntry(string directory, CacheManifest manifest)
    {
        Directory = directory;
        _manifest = manifest;
    }

    public string Directory { get; }
    public string Fingerprint => Path.GetFileName(Directory);
    public bool IsComplete => _manifest.Complete;
    public SplitShape Shape => _manifest.Shape;
    public HiddenStorage Storage => _manifest.Storage;
    public IReadOnlyList<CachePart> Parts => _manifest.Parts;

    /// <summary>Number of stream items consumed by the finished parts: where a resumed extraction starts.</summary>
    public long ResumeStreamPosition => _manifest.Parts.Count == 0 ? 0 : _manifest.Parts[^1].StreamEnd;

    public int RowCount => _manifest.Parts.Sum(p => p.Rows);

    /// <summary>
    /// Opens the entry for <paramref name="key"/> under <paramref name="root"/>, keeping finished parts of an earlier
    /// run with the same shape and storage, or starting empty (also when <paramref name="discard"/>, for --disable_cache).
    /// </summary>
    public static CacheEntry Open(string root, CacheKey key, SplitShape shape, HiddenStorage storage, bool discard = false)
    {
        string directory = Path.Combine(root, key.Fingerprint);
        var existing = discard ? null : CacheManifest.TryRead(Path.Combine(directory, ManifestFile));
        bool reusable = existing is { Format: CacheManifest.CurrentFormat }
                        && existing.Storage == storage
                        && existing.Shape.Layers.SequenceEqual(shape.Layers)
                        && existing.Shape with { Layers = shape.Layers } == shape
                        && existing.Key.Count == key.Fields.Count
                        && existing.Key.All(kv => key.Fields.TryGetValue(kv.Key, out string? v) && v == kv.Value);
        if (!reusable && System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);

        var manifest = reusable ? existing! : new CacheManifest(CacheManifest.CurrentFormat, key.Fields, storage, shape, [], false);
        var entry = new CacheEntry(directory, manifest);
        entry.RemoveStrayFiles();
        if (!reusable) entry.SaveManifest();
        return entry;
    }

    /// <summary>Opens a complete entry for reading, or returns null when there is none for this key.</summary>
    public static CacheEntry? TryOpenComplete(string root, CacheKey key)
    {
        string directory = Path.Combine(root, key.Fingerprint);
        var manifest = CacheManifest.TryRead(Path.Combine(directory, ManifestFile));
        return manifest is { Complete: true, Format: CacheManifest.CurrentFormat } ? new CacheEntry(directory, manifest) : null;
    }

    /// <summary>Writes one part: <paramref name="rows"/> extracted from the stream up to <paramref name="streamEnd"/>.</summary>
    public async Task AppendPartAsync(IReadOnlyList<ExtractedExample> rows, long streamEnd, CancellationToken cancellationToken = default)
    {
        if (IsComplete) throw new InvalidOperationException("the cache entry is already complete");
        foreach (var row in rows) Validate(row);
        string name = $"part-{_manifest.Parts.Count:D5}.parquet";
        string temporary = Path.Combine(Directory, name + ".tmp");
        await WritePartAsync(temporary, rows, cancellationToken);
        File.Move(temporary, Path.Combine(Directory, name), overwrite: true);
        _manifest = _manifest with { Parts = [.. _manifest.Parts, new CachePart(name, rows.Count, streamEnd)] };
        SaveManifest();
    }

    public void MarkComplete()
    {
        _manifest = _manifest with { Complete = true };
        SaveManifest();
    }

    /// <summary>All rows of the finished parts, in extraction order.</summary>
    public async Task<List<ExtractedExample>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ExtractedExample>(RowCount);
        foreach (var part in _manifest.Parts)
        {
            await using var reader = await ParquetReader.CreateAsync(Path.Combine(Directory, part.File), cancellationToken: cancellationToken);
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                rows.AddRange(await ReadGroupAsync(group, cancellationToken));
            }
        }
        return rows;
    }

    private ParquetSchema Schema()
    {
        var fields = new List<Field>
        {
            new DataField<long>("row_id"), new DataField<long>("label"),
            new DataField<string>("variant_ids"), new DataField<string>("texts"),
        };
        if (Shape.HasLmLogOdds) fields.Add(new DataField<byte[]>("lm_log_odds"));
        fields.AddRange(Shape.Layers.Select(layer => new DataField<byte[]>($"hidden_{layer}")));
        return new ParquetSchema(fields);
    }

    private async Task WritePartAsync(string path, IReadOnlyList<ExtractedExample> rows, CancellationToken cancellationToken)
    {
        var schema = Schema();
        var fields = schema.GetDataFields();
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(fields[0], rows.Select(r => r.RowId).ToArray().AsMemory(), cancellationToken: cancellationToken);
            await group.WriteAsync<long>(fields[1], rows.Select(r => r.Label).ToArray().AsMemory(), cancellationToken: cancellationToken);
            await group.WriteAsync(fields[2], rows.Select(r => JsonSerializer.Serialize(r.VariantIds)).ToArray());
            await group.WriteAsync(fields[3], rows.Select(r => JsonSerializer.Serialize(r.Texts)).ToArray());
            int next = 4;
            if (Shape.HasLmLogOdds)
                await group.WriteAsync(fields[next++], rows.Select(r => HiddenStorageCodec.Encode(r.LmLogOdds!, HiddenStorage.Float32)).ToArray());
            foreach (int layer in Shape.Layers)
                await group.WriteAsync(fields[next++], rows.Select(r => HiddenStorageCodec.Encode(r.Hidden[layer], Storage)).ToArray());
            stream.Flush(flushToDisk: true);
        }
    }

    private async Task<List<ExtractedExample>> ReadGroupAsync(ParquetRowGroupReader group, CancellationToken cancellationToken)
    {
        var fields = Schema().GetDataFields();
        int n = checked((int)group.RowCount);
        var rowIds = new long[n];
        var labels = new long[n];
        var variantIds = new string?[n];
        var texts = new string?[n];
        await group.ReadAsync<long>(fields[0], rowIds.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync<long>(fields[1], labels.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(fields[2], variantIds.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(fields[3], texts.AsMemory(), cancellationToken: cancellationToken);
        int next = 4;
        byte[]?[]? lm = null;
        if (Shape.HasLmLogOdds)
        {
            lm = new byte[]?[n];
            await group.ReadAsync(fields[next++], lm.AsMemory(), cancellationToken: cancellationToken);
        }
        var hidden = new Dictionary<int, byte[]?[]>();
        foreach (int layer in Shape.Layers)
        {
            var column = new byte[]?[n];
            await group.ReadAsync(fields[next++], column.AsMemory(), cancellationToken: cancellationToken);
            hidden[layer] = column;
        }
        return Enumerable.Range(0, n).Select(i => new ExtractedExample(
            rowIds[i], labels[i],
            JsonSerializer.Deserialize<string[]>(variantIds[i]!)!,
            JsonSerializer.Deserialize<string[][]>(texts[i]!)!,
            lm is null ? null : HiddenStorageCodec.Decode(lm[i]!, HiddenStorage.Float32),
            hidden.ToDictionary(kv => kv.Key, kv => HiddenStorageCodec.Decode(kv.Value[i]!, Storage)))).ToList();
    }

    private void Validate(ExtractedExample row)
    {
        int expected = Shape.Variants * Shape.Choices * Shape.HiddenSize;
        if (row.VariantIds.Count != Shape.Variants || row.Texts.Count != Shape.Variants || row.Texts.Any(t => t.Count != Shape.Choices))
            throw new ArgumentException($"example {row.RowId}: expected {Shape.Variants} variants × {Shape.Choices} choices");
        if (Shape.HasLmLogOdds != row.LmLogOdds is not null || row.LmLogOdds is { } lm && lm.Length != Shape.Variants * Shape.Choices)
            throw new ArgumentException($"example {row.RowId}: lm_log_odds do not match the split's shape");
        foreach (int layer in Shape.Layers)
        {
            if (!row.Hidden.TryGetValue(layer, out float[]? values) || values.Length != expected)
                throw new ArgumentException($"example {row.RowId}: layer {layer} needs {expected} values");
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
                throw new CcsException(ExitCode.BadInput,
                    $"example {row.RowId}: layer {layer} has a non-finite hidden state ({values[bad]}) at variant {bad / (Shape.Choices * Shape.HiddenSize)}, " +
                    $"choice {bad / Shape.HiddenSize % Shape.Choices}, dimension {bad % Shape.HiddenSize}");
            if (Storage == HiddenStorage.BFloat16 && Array.Exists(values, v => !float.IsFinite(BitConverter.Int32BitsToSingle(HiddenStorageCodec.ToBFloat16(v) << 16))))
                throw new CcsException(ExitCode.BadInput, $"example {row.RowId}: layer {layer} overflows bf16 storage; use fp32 storage");
        }
    }

    private void SaveManifest()
    {
        string path = Path.Combine(Directory, ManifestFile);
        File.WriteAllText(path + ".tmp", _manifest.Serialize());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Temporary files and parts a killed run wrote but never recorded.</summary>
    private void RemoveStrayFiles()
    {
        var known = _manifest.Parts.Select(p => p.File).Append(ManifestFile).ToHashSet(StringComparer.Ordinal);
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (!known.Contains(Path.GetFileName(file))) File.Delete(file);
        }
    }
}
