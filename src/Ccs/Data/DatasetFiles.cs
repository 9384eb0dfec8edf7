using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ccs.Data;

/// <summary>
/// The data files of each split of one dataset (config), in reading order: what a local folder holds, or what the
/// hub cache resolved. Files of one split are concatenated in the given order.
/// </summary>
public sealed record DatasetFiles(ImmutableSortedDictionary<string, ImmutableArray<string>> Splits, string? FeaturesFile = null)
{
    private static readonly string[] Extensions = [".jsonl", ".json", ".csv", ".parquet"];
    private static readonly Regex Shard = new(@"^(?<split>.+)-(?<index>\d{5})-of-(?<count>\d{5})\.parquet$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The splits of a local dataset: a single file <c>&lt;split&gt;.jsonl|.json|.csv|.parquet</c>, or a folder holding
    /// such files or hub-export shards <c>&lt;split&gt;-NNNNN-of-NNNNN.parquet</c>, either directly, in
    /// <c>&lt;folder&gt;/&lt;config&gt;/</c> when a config is given, or else in its only data-holding subfolder (the
    /// hub layout <c>&lt;config&gt;/…</c> or <c>data/…</c>). A <c>dataset_info.json</c> beside the files may declare
    /// feature types (e.g. <c>ClassLabel</c> names) that JSON and CSV files cannot carry.
    /// </summary>
    public static DatasetFiles FindLocal(DatasetSpec spec)
    {
        string path = spec.LocalPath ?? throw new ArgumentException($"{spec} is not a local dataset");
        if (File.Exists(path))
        {
            if (spec.Config is not null)
                throw new CcsException(ExitCode.BadInput, $"{spec}: a config cannot be selected inside the single file {path}");
            string split = SplitOf(Path.GetFileName(path)) ?? throw new CcsException(ExitCode.BadInput,
                $"{spec}: {path} is not a data file (expected <split>.jsonl, .json, .csv or .parquet)");
            return Build(spec, new() { [split] = [path] }, Path.GetDirectoryName(path)!);
        }
        string folder = path;
        if (spec.Config is not null)
        {
            folder = Path.Combine(path, spec.Config);
            if (!Directory.Exists(folder))
                throw new CcsException(ExitCode.BadInput,
                    $"{spec}: no config folder '{spec.Config}' in {path} (folders: {string.Join(", ", Subfolders(path).Select(Path.GetFileName))})");
        }
        Dictionary<string, List<string>> found = DataFilesIn(folder);
        if (found.Count == 0 && spec.Config is null)
        {
            var holding = Subfolders(folder).Where(d => DataFilesIn(d).Count > 0).ToList();
            string? data = holding.FirstOrDefault(d => Path.GetFileName(d) == "data");
            if (data is not null) holding = [data];
            if (holding.Count > 1)
                throw new CcsException(ExitCode.BadInput,
                    $"{spec}: {folder} has several configs ({string.Join(", ", holding.Select(Path.GetFileName))}); name one as {spec.Text}:CONFIG");
            if (holding.Count == 1) { folder = holding[0]; found = DataFilesIn(folder); }
        }
        if (found.Count == 0)
            throw new CcsException(ExitCode.BadInput,
                $"{spec}: no data files in {folder} (expected <split>.jsonl, .json, .csv, .parquet or <split>-00000-of-0000N.parquet)");
        return Build(spec, found, folder);
    }

    private static DatasetFiles Build(DatasetSpec spec, Dictionary<string, List<string>> found, string folder)
    {
        var splits = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach ((string split, List<string> files) in found) splits[split] = OrderFiles(spec, split, files);
        string info = Path.Combine(folder, "dataset_info.json");
        return new DatasetFiles(splits.ToImmutable(), File.Exists(info) ? info : null);
    }

    private static IEnumerable<string> Subfolders(string folder) =>
        Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal);

    private static Dictionary<string, List<string>> DataFilesIn(string folder)
    {
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (SplitOf(Path.GetFileName(file)) is not { } split) continue;
            if (!found.TryGetValue(split, out List<string>? list)) found[split] = list = [];
            list.Add(file);
        }
        return found;
    }

    /// <summary>The split a data file belongs to, or null when the name is not a data file's.</summary>
    private static string? SplitOf(string fileName)
    {
        Match shard = Shard.Match(fileName);
        if (shard.Success) return shard.Groups["split"].Value;
        string? ext = Extensions.FirstOrDefault(e => fileName.EndsWith(e, StringComparison.Ordinal));
        return ext is null || fileName.Length == ext.Length ? null : fileName[..^ext.Length];
    }

    /// <summary>One plain file, or a complete, consistent set of shards in index order.</summary>
    private static ImmutableArray<string> OrderFiles(DatasetSpec spec, string split, List<string> files)
    {
        var shards = files.Select(f => Shard.Match(Path.GetFileName(f))).ToList();
        if (shards.All(m => !m.Success))
        {
            if (files.Count > 1)
                throw new CcsException(ExitCode.BadInput,
                    $"{spec}: split '{split}' has several files ({string.Join(", ", files.Select(Path.GetFileName))}); keep one");
            return [files[0]];
        }
        if (shards.Any(m => !m.Success))
            throw new CcsException(ExitCode.BadInput, $"{spec}: split '{split}' mixes shards and a whole-split file; keep one kind");
        int count = int.Parse(shards[0].Groups["count"].Value, CultureInfo.InvariantCulture);
        var indices = shards.Select(m => int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)).ToList();
        bool complete = shards.All(m => m.Groups["count"].Value == shards[0].Groups["count"].Value)
            && indices.Order().SequenceEqual(Enumerable.Range(0, count));
        if (!complete)
            throw new CcsException(ExitCode.BadInput,
                $"{spec}: split '{split}' has shards {string.Join(", ", files.Select(Path.GetFileName))}, expected {count} numbered 00000 to {count - 1:D5}");
        return [.. files.Zip(indices).OrderBy(p => p.Second).Select(p => p.First)];
    }
}
