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
    /// <summary>What the tool uses: no template tree ships with it yet, so every dataset needs <c>--template_path</c>.</summary>
    public static TemplateSource Default { get; } = new((string?)null);

    /// <summary>The template file a dataset uses: the one place that decides it.</summary>
    public TemplateFile Find(DatasetSpec spec, string? templatePath)
    {
        if (TreeRoot is not null) return TemplateFileLoader.Load(TemplateLocator.Resolve(TreeRoot, spec.Text, templatePath));
        if (templatePath is null)
            throw new CcsException(ExitCode.BadInput,
                $"{spec}: ccs has no built-in prompt templates yet; pass --template_path with a promptsource templates.yaml file or the folder holding one");
        if (File.Exists(templatePath)) return TemplateFileLoader.Load(templatePath);
        if (!Directory.Exists(templatePath))
            throw new CcsException(ExitCode.BadInput, $"--template_path {templatePath}: no such file or folder");
        return TemplateFileLoader.Load(Path.Combine(templatePath, "templates.yaml"));
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
