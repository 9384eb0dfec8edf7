using System.Text;
using System.Text.RegularExpressions;

namespace Ccs.Hub;

/// <summary>One split of a dataset and its data files (repository paths, or local paths once fetched).</summary>
public sealed record DatasetSplit(string Name, IReadOnlyList<string> Files);

/// <summary>The data files of one config of a hub dataset repository.</summary>
public sealed record DatasetConfigFiles(string Config, IReadOnlyList<DatasetSplit> Splits);

/// <summary>
/// Finds which files of a dataset repository hold which split of a config. The dataset card's <c>configs:</c>
/// (with glob patterns) decides when present, as in datasets' <c>HubDatasetModuleFactory</c>; otherwise the file
/// names do, in the two layouts the hub writes: <c>CONFIG/SPLIT-00000-of-00001.parquet</c> (<c>push_to_hub</c>
/// and the hub's conversions; <c>data/</c> is the config <c>default</c>, data_files.py's
/// <c>SPLIT_PATTERN_SHARDED</c>) and <c>CONFIG/SPLIT/0000.parquet</c> (the <c>refs/convert/parquet</c> export, where
/// <c>CONFIG/partial-SPLIT/</c> holds a truncated split and is not used).
/// </summary>
public static partial class DatasetLayout
{
    public const string DefaultConfig = "default";

    /// <summary>The files of the requested config (or the default one); null when the repository has none for it.</summary>
    public static DatasetConfigFiles? Find(IReadOnlyCollection<string> files, IReadOnlyList<CardConfig> card, string? config, string describe)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(card);
        var visible = files.Where(f => !f.Split('/').Any(part => part.StartsWith('.') || part.StartsWith("__", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        return card.Count > 0 ? FromCard(visible, card, config, describe) : FromFileNames(visible, config, describe);
    }

    /// <summary>The config names a repository offers, for error messages.</summary>
    public static IReadOnlyList<string> ConfigNames(IReadOnlyCollection<string> files, IReadOnlyList<CardConfig> card) =>
        card.Count > 0 ? [.. card.Select(c => c.Name)] : [.. ByConfig(files).Keys];

    private static DatasetConfigFiles? FromCard(List<string> files, IReadOnlyList<CardConfig> card, string? config, string describe)
    {
        CardConfig chosen = config is not null
            ? card.FirstOrDefault(c => c.Name == config)
              ?? throw new CcsException(ExitCode.BadInput, $"{describe} has no config '{config}' (its configs: {string.Join(", ", card.Select(c => c.Name))})")
            : card.FirstOrDefault(c => c.IsDefault) ?? card.FirstOrDefault(c => c.Name == DefaultConfig)
              ?? (card.Count == 1 ? card[0] : throw Ambiguous(describe, card.Select(c => c.Name)));
        var splits = chosen.DataFiles
            .Select(d => new DatasetSplit(d.Split, [.. files.Where(f => d.Patterns.Any(p => Glob(p).IsMatch(f)))]))
            .Where(s => s.Files.Count > 0)
            .ToList();
        return splits.Count == 0 ? null : new DatasetConfigFiles(chosen.Name, splits);
    }

    private static DatasetConfigFiles? FromFileNames(List<string> files, string? config, string describe)
    {
        var byConfig = ByConfig(files);
        string? chosen = config is not null
            ? (byConfig.ContainsKey(config) ? config : null)
            : byConfig.ContainsKey(DefaultConfig) ? DefaultConfig
            : byConfig.Count == 1 ? byConfig.Keys.Single()
            : byConfig.Count == 0 ? null : throw Ambiguous(describe, byConfig.Keys);
        if (chosen is null) return null;
        var splits = byConfig[chosen].GroupBy(f => f.Split, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DatasetSplit(g.Key, [.. g.Select(f => f.Path)]))
            .ToList();
        return new DatasetConfigFiles(chosen, splits);
    }

    private static SortedDictionary<string, List<(string Split, string Path)>> ByConfig(IEnumerable<string> files)
    {
        var byConfig = new SortedDictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            Match m = ShardedFile().Match(file);
            if (!m.Success) m = ExportFile().Match(file);
            if (!m.Success) continue;
            string config = m.Groups["config"].Value == "data" ? DefaultConfig : m.Groups["config"].Value;
            if (!byConfig.TryGetValue(config, out var list)) byConfig[config] = list = [];
            list.Add((m.Groups["split"].Value, file));
        }
        return byConfig;
    }

    private static CcsException Ambiguous(string describe, IEnumerable<string> names) =>
        new(ExitCode.BadInput, $"{describe} has several configs ({string.Join(", ", names)}); name one as NAME:CONFIG");

    /// <summary>
    /// An fsspec-style glob over repository paths: <c>*</c> and <c>?</c> stay within one folder, <c>**</c> crosses
    /// folders (<c>**/</c> also matches no folder), <c>[...]</c> / <c>[!...]</c> are character classes.
    /// </summary>
    internal static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[' && pattern.IndexOf(']', i + 1) is int close and > 0)
            {
                string body = pattern[(i + 1)..close];
                regex.Append('[').Append(body.StartsWith('!') ? "^" + Regex.Escape(body[1..]) : Regex.Escape(body)).Append(']');
                i = close;
            }
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^(?<config>[^/]+)/(?<split>\w+(?:\.\w+)*)-\d{5}-of-\d{5}[^/]*\.(?:parquet|arrow|jsonl|json|csv|tsv)$")]
    private static partial Regex ShardedFile();

    [GeneratedRegex(@"^(?<config>[^/]+)/(?<split>\w+(?:\.\w+)*)/\d+\.parquet$")]
    private static partial Regex ExportFile();
}
