using System.Collections.Concurrent;
using System.Text.Json;

namespace Ccs.Data;

/// <summary>
/// A dataset argument with its resolved files; each split's table is read on first use and kept. Unreadable files
/// are reported as bad input naming the dataset and the file.
/// </summary>
public sealed class Dataset(DatasetSpec spec, DatasetFiles files)
{
    private readonly ConcurrentDictionary<string, Lazy<Table>> _tables = new(StringComparer.Ordinal);
    private readonly Lazy<DatasetFeatures> _declared = new(() => ReadDeclaredFeatures(spec, files.FeaturesFile));

    public DatasetSpec Spec { get; } = spec;
    public DatasetFiles Files { get; } = files;

    /// <summary>A local dataset (file or folder) from its argument.</summary>
    public static Dataset OpenLocal(DatasetSpec spec) => new(spec, DatasetFiles.FindLocal(spec));

    public IEnumerable<string> SplitNames => Files.Splits.Keys;

    /// <summary>The rows of one split (all its files, in order).</summary>
    public Table Split(string name)
    {
        if (!Files.Splits.ContainsKey(name))
            throw new CcsException(ExitCode.BadInput, $"{Spec}: no split '{name}' (splits: {string.Join(", ", SplitNames)})");
        return _tables.GetOrAdd(name, n => new Lazy<Table>(() => ReadSplit(n))).Value;
    }

    private Table ReadSplit(string name)
    {
        var parts = Files.Splits[name].Select(ReadFile).ToList();
        Table table;
        try { table = Table.Concatenate(parts, p => Files.Splits[name][p]); }
        catch (InvalidDataException e) { throw new CcsException(ExitCode.BadInput, $"{Spec}: split '{name}': {e.Message}", e); }
        if (!table.Features.IsEmpty || _declared.Value.IsEmpty) return table;
        return table.WithFeatures(_declared.Value);
    }

    private Table ReadFile(string path)
    {
        try
        {
            string ext = Path.GetExtension(path).ToLowerInvariant();
            return ext switch
            {
                ".jsonl" or ".json" => JsonTableReader.Read(path),
                ".csv" => CsvTableReader.Read(path),
                ".parquet" => ParquetTableReader.Read(path),
                _ => throw new InvalidDataException($"unsupported file type '{ext}'"),
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException
                                   or FormatException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new CcsException(ExitCode.BadInput, $"{Spec}: cannot read {path}: {OneLine(e.Message)}", e);
        }
    }

    private static DatasetFeatures ReadDeclaredFeatures(DatasetSpec spec, string? path)
    {
        if (path is null) return DatasetFeatures.None;
        try { return DatasetFeatures.FromInfoJson(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException)
        {
            throw new CcsException(ExitCode.BadInput, $"{spec}: cannot read {path}: {OneLine(e.Message)}", e);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
