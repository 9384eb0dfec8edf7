using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ccs.Plotting;

/// <summary>A training run found in a sweep folder: <c>&lt;model&gt;/&lt;entry&gt;[/&lt;hparams&gt;]</c> (spec 9.10).</summary>
public sealed record SweepRunFolder(string Folder, string Model, string Entry, string Hparams);

/// <summary>
/// Finds the training runs of a sweep by content: a run is a folder holding <c>eval.csv</c>. The original
/// (<c>ccs/plotting/visualize.py</c>, <c>SweepVisualization._get_model_paths</c> and <c>get_eval_dirs</c>) guessed
/// model folders from the prefix <c>gpt2</c> and missed hparam sub-folders (spec 10.B12); here the path from the
/// sweep to each run is split into model, dataset entry and grid point instead.
/// </summary>
public static partial class SweepLayout
{
    // model (<= 2 levels) + entry (org/dataset, pooled entries may nest more) + 2 hparam levels, with room to spare.
    private const int MaxDepth = 8;

    /// <summary>The runs under <paramref name="sweepPath"/>, in ordinal path order; <c>viz/</c> is not read.</summary>
    public static IReadOnlyList<SweepRunFolder> FindRuns(string sweepPath, Action<string> warn)
    {
        var found = new List<string[]>();
        Walk(sweepPath, [], found);
        var entryPaths = found.Select(parts => parts[..^HparamCount(parts)]).ToList();
        var runs = new List<SweepRunFolder>();
        foreach (var parts in found)
        {
            string folder = Path.Combine([sweepPath, .. parts]);
            int hparamCount = HparamCount(parts);
            string[] path = parts[..^hparamCount];
            if (path.Length < 2)
            {
                warn($"{folder}: eval.csv outside a <model>/<dataset> folder, skipped");
                continue;
            }
            int modelLength = ModelLength(folder, path, entryPaths);
            runs.Add(new SweepRunFolder(
                folder,
                string.Join('/', path[..modelLength]),
                string.Join('/', path[modelLength..]),
                string.Join('/', parts[^hparamCount..])));
        }
        return runs;
    }

    /// <summary>
    /// The folders of a run's transfer evaluations that hold an eval.csv: <c>transfer/&lt;dataset&gt;</c>, where the
    /// dataset may itself be nested (<c>transfer/christykoh/imdb_pt</c>).
    /// </summary>
    public static IReadOnlyList<string> FindTransfers(string runFolder)
    {
        string transfer = Path.Combine(runFolder, "transfer");
        var found = new List<string[]>();
        if (Directory.Exists(transfer)) Walk(transfer, [], found);
        return found.Select(parts => Path.Combine([transfer, .. parts])).ToList();
    }

    private static void Walk(string dir, string[] parts, List<string[]> found)
    {
        foreach (string child in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(child);
            if (parts.Length == 0 && name == "viz") continue;
            string[] childParts = [.. parts, name];
            if (File.Exists(Path.Combine(child, "eval.csv"))) found.Add(childParts);
            else if (childParts.Length < MaxDepth) Walk(child, childParts, found);
        }
    }

    /// <summary>How many trailing path parts are hparam grid folders (<c>var_weight=0.50/neg_cov_weight=0.50</c>).</summary>
    private static int HparamCount(string[] parts)
    {
        int count = 0;
        while (count < parts.Length - 1 && HparamFolder().IsMatch(parts[^(count + 1)])) count++;
        return count;
    }

    /// <summary>
    /// How many leading parts of a run's path name the model. The run's own <c>cfg.yaml</c> says which datasets it
    /// trained on, which settles it; without one, models are <c>model</c> or <c>org/model</c> and entries
    /// <c>dataset</c> or <c>org/dataset</c>, and three parts are read as <c>model/org/dataset</c> only when the
    /// first part also holds a run directly (it is then a model folder: its children hold eval.csv).
    /// </summary>
    private static int ModelLength(string folder, string[] path, List<string[]> entryPaths)
    {
        if (ConfiguredEntry(folder) is { } entry)
        {
            string[] entryParts = entry.Split('/');
            if (entryParts.Length < path.Length && path[^entryParts.Length..].SequenceEqual(entryParts, StringComparer.Ordinal))
                return path.Length - entryParts.Length;
        }
        if (path.Length == 2) return 1;
        if (path.Length == 3 && entryPaths.Any(p => p.Length == 2 && p[0] == path[0])) return 1;
        return 2;
    }

    /// <summary>The dataset entry in a run's cfg.yaml (<c>data.datasets</c> joined by '+'), if readable.</summary>
    private static string? ConfiguredEntry(string runFolder)
    {
        string file = Path.Combine(runFolder, "cfg.yaml");
        if (!File.Exists(file)) return null;
        try
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(file)) yaml.Load(reader);
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return null;
            if (!root.Children.TryGetValue(new YamlScalarNode("data"), out var data) || data is not YamlMappingNode dataMap) return null;
            if (!dataMap.Children.TryGetValue(new YamlScalarNode("datasets"), out var datasets) || datasets is not YamlSequenceNode list) return null;
            var names = list.Children.OfType<YamlScalarNode>().Select(node => node.Value ?? "").ToList();
            return names.Count == list.Children.Count && names.Count > 0 && names.All(n => n.Length > 0) ? string.Join('+', names) : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[A-Za-z_]+=[^=]+$")]
    private static partial Regex HparamFolder();
}
