using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ccs.Prompts;

/// <summary>Reads promptsource <c>templates.yaml</c> files (ccs/promptsource/templates.py <c>DatasetTemplates</c>).
/// The <c>!Template</c>/<c>!TemplateMetadata</c> tags are read as plain mappings; plain scalars resolve as PyYAML's
/// YAML 1.1 resolver does (<c>~</c>/<c>null</c> are null, <c>yes</c>/<c>on</c>/<c>true</c> are true).</summary>
public static partial class TemplateFileLoader
{
    [GeneratedRegex("^(~|null|Null|NULL|)$")]
    private static partial Regex Null();

    [GeneratedRegex("^(yes|Yes|YES|true|True|TRUE|on|On|ON)$")]
    private static partial Regex True();

    [GeneratedRegex("^(no|No|NO|false|False|FALSE|off|Off|OFF)$")]
    private static partial Regex False();

    public static TemplateFile Load(string path)
    {
        if (!File.Exists(path)) throw new CcsException(ExitCode.BadInput, $"Expected prompt templates to exist at {path}");
        return Parse(path, File.ReadAllText(path));
    }

    /// <summary>Reads the text of a <c>templates.yaml</c>; <paramref name="path"/> names it in errors and becomes
    /// <see cref="TemplateFile.Path"/> (an embedded resource's name for the built-in sets).</summary>
    public static TemplateFile Parse(string path, string text)
    {
        YamlStream stream;
        try
        {
            stream = Parse(text);
        }
        catch (YamlException first)
        {
            try
            {
                stream = Parse(QuotedScalarIndentation.Fix(text));
            }
            catch (YamlException)
            {
                throw new CcsException(ExitCode.BadInput, $"{path}: invalid YAML at line {first.Start.Line}: {first.Message}", first);
            }
        }
        var root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
            ? m
            : throw new CcsException(ExitCode.BadInput, $"{path}: not a promptsource templates file (expected one YAML mapping)");

        if (Child(root, "templates") is not YamlMappingNode templates)
            throw new CcsException(ExitCode.BadInput, $"{path}: has no 'templates' mapping");
        var list = new List<PromptTemplate>();
        foreach (var (key, node) in templates.Children)
        {
            string id = Text(key) ?? "";
            if (node is not YamlMappingNode t) throw new CcsException(ExitCode.BadInput, $"{path}: template '{id}' is not a mapping");
            list.Add(ReadTemplate(path, id, t));
        }
        return new TemplateFile(path, Text(Child(root, "dataset")), Text(Child(root, "subset")),
            Bool(Child(root, "binarize")) ?? false, Text(Child(root, "label_column")), list);
    }

    private static YamlStream Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }

    private static PromptTemplate ReadTemplate(string path, string key, YamlMappingNode t)
    {
        string name = Text(Child(t, "name")) ?? throw new CcsException(ExitCode.BadInput, $"{path}: template '{key}' has no name");
        string jinja = Text(Child(t, "jinja")) ?? throw new CcsException(ExitCode.BadInput, $"{path}: template '{name}' has no jinja");
        var meta = Child(t, "metadata") as YamlMappingNode;
        var metadata = new TemplateMetadata(
            Bool(Child(meta, "original_task")), Bool(Child(meta, "choices_in_prompt")),
            Strings(Child(meta, "metrics")), Strings(Child(meta, "languages")));
        return new PromptTemplate(Text(Child(t, "id")) ?? key, name, jinja, Text(Child(t, "answer_choices")),
            Text(Child(t, "reference")), metadata);
    }

    private static YamlNode? Child(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static bool IsPlain(YamlScalarNode s) => s.Style is ScalarStyle.Plain or ScalarStyle.Any;

    /// <summary>A scalar's text; null for a missing key or a plain null scalar.</summary>
    private static string? Text(YamlNode? node) => node switch
    {
        null => null,
        YamlScalarNode s when IsPlain(s) && s.Tag.IsEmpty && Null().IsMatch(s.Value ?? "") => null,
        YamlScalarNode s => s.Value ?? "",
        _ => throw new CcsException(ExitCode.BadInput, $"expected a text value at line {node.Start.Line}"),
    };

    private static bool? Bool(YamlNode? node)
    {
        string? text = Text(node);
        if (text is null) return null;
        if (True().IsMatch(text)) return true;
        if (False().IsMatch(text)) return false;
        throw new CcsException(ExitCode.BadInput, $"expected true or false at line {node!.Start.Line}, got '{text}'");
    }

    private static IReadOnlyList<string>? Strings(YamlNode? node) => node switch
    {
        null => null,
        YamlSequenceNode seq => seq.Children.Select(c => Text(c) ?? "").ToList(),
        _ => Text(node) is null ? null : throw new CcsException(ExitCode.BadInput,
            string.Create(CultureInfo.InvariantCulture, $"expected a list at line {node.Start.Line}")),
    };
}
