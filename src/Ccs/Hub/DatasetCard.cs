using YamlDotNet.RepresentationModel;

namespace Ccs.Hub;

/// <summary>One <c>configs:</c> entry of a dataset card: its name, whether it is the default, and split → file patterns.</summary>
public sealed record CardConfig(string Name, bool IsDefault, IReadOnlyList<(string Split, IReadOnlyList<string> Patterns)> DataFiles);

/// <summary>
/// The <c>configs:</c> list in the YAML header of a dataset's README.md, the way datasets' <c>MetadataConfigs</c>
/// (utils/metadata.py) and <c>sanitize_patterns</c> (data_files.py) read it: <c>data_files</c> is a pattern, a
/// list of patterns (both the <c>train</c> split), or a list of <c>{split, path}</c> with one or more patterns.
/// </summary>
public static class DatasetCard
{
    public static IReadOnlyList<CardConfig> ReadConfigs(string readme, string describe)
    {
        ArgumentNullException.ThrowIfNull(readme);
        string? header = YamlHeader(readme);
        if (header is null) return [];
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(header));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CcsException(ExitCode.BadInput, $"the README.md header of {describe} is not valid YAML ({e.Message})", e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return [];
        if (!root.Children.TryGetValue(new YamlScalarNode("configs"), out var configs) || configs is not YamlSequenceNode list) return [];

        var result = new List<CardConfig>();
        foreach (var node in list.OfType<YamlMappingNode>())
        {
            string name = Scalar(node, "config_name") ?? "default";
            bool isDefault = string.Equals(Scalar(node, "default"), "true", StringComparison.OrdinalIgnoreCase);
            var dataFiles = node.Children.TryGetValue(new YamlScalarNode("data_files"), out var files) ? DataFiles(files) : [];
            result.Add(new CardConfig(name, isDefault, dataFiles));
        }
        return result;
    }

    private static List<(string, IReadOnlyList<string>)> DataFiles(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [("train", [scalar.Value ?? ""])],
        YamlSequenceNode seq when seq.All(n => n is YamlScalarNode) => [("train", [.. seq.Cast<YamlScalarNode>().Select(s => s.Value ?? "")])],
        YamlSequenceNode seq => [.. seq.OfType<YamlMappingNode>().Select(m => (Scalar(m, "split") ?? "train", Patterns(m)))],
        YamlMappingNode map => [.. map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", PatternsOf(kv.Value)))],
        _ => [],
    };

    private static IReadOnlyList<string> Patterns(YamlMappingNode entry) =>
        entry.Children.TryGetValue(new YamlScalarNode("path"), out var path) ? PatternsOf(path) : [];

    private static IReadOnlyList<string> PatternsOf(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode seq => [.. seq.OfType<YamlScalarNode>().Select(s => s.Value ?? "")],
        _ => [],
    };

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The text between a leading <c>---</c> line and the next <c>---</c> line, as huggingface_hub's RepoCard.</summary>
    private static string? YamlHeader(string readme)
    {
        string[] lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---") return null;
        int end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        return end < 0 ? null : string.Join('\n', lines[1..end]);
    }
}
