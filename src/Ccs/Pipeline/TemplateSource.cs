using Ccs.Data;
using Ccs.Prompts;

namespace Ccs.Pipeline;

/// <summary>
/// Where a dataset's <c>templates.yaml</c> comes from (spec 3.4.2): <c>--template_path</c>, else the template tree's
/// file for the dataset (<c>NAME[/CONFIG]/templates.yaml</c>, as the original's <c>DatasetTemplates</c>).
/// </summary>
/// <param name="TreeRoot">A folder holding a promptsource template tree, or null where there is none.</param>
public sealed record TemplateSource(string? TreeRoot)
{
    /// <summary>What the tool uses: the built-in template sets (<see cref="TemplateLocator.Find"/>).</summary>
    public static TemplateSource Default { get; } = new((string?)null);

    /// <summary>The template file a dataset uses: the one place that decides it.</summary>
    public TemplateFile Find(DatasetSpec spec, string? templatePath)
    {
        if (TreeRoot is not null) return TemplateFileLoader.Load(TemplateLocator.Resolve(TreeRoot, spec.Text, templatePath));
        return TemplateLocator.Find(BuiltInName(spec), templatePath)
               ?? throw new CcsException(ExitCode.BadInput,
                   $"{spec}: ccs has no built-in prompt templates for this dataset; pass --template_path with a promptsource templates.yaml file or the folder holding one");
    }

    /// <summary>
    /// The dataset name whose built-in set a spec uses: hub names as they are; a local folder by its folder name,
    /// where an underscore may stand for the config colon (<c>super_glue_boolq</c> = <c>super_glue:boolq</c>,
    /// <c>story_cloze_2016</c> = <c>story_cloze:2016</c>, as the benchmark slices are named).
    /// </summary>
    private static string BuiltInName(DatasetSpec spec)
    {
        if (!spec.IsLocal) return spec.Text;
        string folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(spec.LocalPath!)));
        if (File.Exists(spec.LocalPath)) folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(spec.LocalPath!))) ?? folder;
        if (TemplateLocator.Find(folder, null) is not null) return folder;
        for (int i = folder.IndexOf('_'); i > 0; i = folder.IndexOf('_', i + 1))
        {
            string configured = folder[..i] + ":" + folder[(i + 1)..];
            if (TemplateLocator.Find(configured, null) is not null) return configured;
        }
        return folder;
    }

    /// <summary>The file's multiple-choice templates, compiled, with its <c>label_column</c> and <c>binarize</c>.</summary>
    public DatasetTemplates Load(DatasetSpec spec, string? templatePath)
    {
        TemplateFile file = Find(spec, templatePath);
        var templates = file.MultipleChoiceByName().Select(t => new JinjaPromptTemplate(file.Path, t)).ToList();
        return new DatasetTemplates(file, templates);
    }
}

/// <summary>A template file's multiple-choice templates (sorted by name) ready for example building.</summary>
public sealed class DatasetTemplates
{
    private readonly IReadOnlyList<JinjaPromptTemplate> _templates;

    internal DatasetTemplates(TemplateFile file, IReadOnlyList<JinjaPromptTemplate> templates)
    {
        File = file;
        _templates = templates;
        ForExamples = new PromptTemplates(templates, file.LabelColumn, file.Binarize);
    }

    public TemplateFile File { get; }

    /// <summary>The templates with the file's settings, as <see cref="ExampleStream"/> takes them.</summary>
    public PromptTemplates ForExamples { get; }

    /// <summary>How many templates of the file have no answer choices and are not used.</summary>
    public int Dropped => File.NonMultipleChoiceCount;

    /// <summary>
    /// Fails when a template reads a field the rows do not have. Jinja would render such a field as empty text
    /// (so the original silently fed the model a prompt with a hole); ccs refuses before rendering anything.
    /// </summary>
    public void CheckFields(DatasetSpec spec, IReadOnlyCollection<string> columns)
    {
        var known = columns.ToHashSet(StringComparer.Ordinal);
        foreach (JinjaPromptTemplate template in _templates)
        {
            string? missing = template.Fields.Order(StringComparer.Ordinal).FirstOrDefault(f => !known.Contains(f));
            if (missing is not null)
                throw new CcsException(ExitCode.BadInput,
                    $"{template.File}: template '{template.Name}' uses the field '{missing}', which {spec} does not have (columns: {string.Join(", ", columns)})");
        }
    }
}
