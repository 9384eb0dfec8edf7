namespace Ccs.Prompts.BuiltIn;

/// <summary>The prompt templates shipped inside the assembly (<c>Prompts/BuiltIn/**/templates.yaml</c>, worded for
/// ccs in promptsource's format). They are embedded as <c>ccs/BuiltIn/&lt;folder&gt;/templates.yaml</c>, one folder
/// per dataset laid out as promptsource lays them out (<c>imdb</c>, <c>super_glue/rte</c>, <c>story_cloze/2016</c>);
/// folders starting with <c>_</c> are not dataset sets (<c>_generic</c>: <see cref="GenericTemplates"/>).</summary>
public static class BuiltInTemplates
{
    private const string Prefix = "ccs/BuiltIn/";
    private const string FileName = "/templates.yaml";

    /// <summary>Folder → resource name, for every embedded <c>templates.yaml</c>.</summary>
    private static readonly Lazy<Dictionary<string, string>> Resources = new(() =>
        typeof(BuiltInTemplates).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(n => n[Prefix.Length..].Replace('\\', '/')[..^FileName.Length], n => n, StringComparer.Ordinal));

    /// <summary>The dataset folders that have a built-in set, in ordinal order.</summary>
    public static IReadOnlyList<string> DatasetFolders =>
        Resources.Value.Keys.Where(f => !f.StartsWith('_')).Order(StringComparer.Ordinal).ToList();

    /// <summary>The built-in set of a dataset folder (<c>imdb</c>, <c>super_glue/boolq</c>), or null when there is none.</summary>
    public static TemplateFile? Find(string folder) => folder.StartsWith('_') ? null : Load(folder);

    /// <summary>An embedded set by folder; its <see cref="TemplateFile.Path"/> is the resource name.</summary>
    internal static TemplateFile? Load(string folder)
    {
        if (!Resources.Value.TryGetValue(folder, out string? resource)) return null;
        using var stream = typeof(BuiltInTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is listed but cannot be opened");
        using var reader = new StreamReader(stream);
        return TemplateFileLoader.Parse(resource, reader.ReadToEnd());
    }
}
