using Ccs.Prompts.BuiltIn;

namespace Ccs.Prompts;

/// <summary>Which <c>templates.yaml</c> a dataset uses (spec 3.1 and 3.4.2; ccs/promptsource/templates.py
/// <c>DatasetTemplates.folder_path</c>/<c>yaml_path</c>).</summary>
public static class TemplateLocator
{
    /// <summary>The templates a dataset uses: <c>--template_path</c> when given (a <c>templates.yaml</c> file, a
    /// folder holding one, or, as in the original, the name of a built-in set such as <c>super_glue/boolq</c>), else
    /// the built-in set of the dataset's folder (<see cref="BuiltInTemplates"/>). Null when no path is given and
    /// there is no built-in set: the caller may then use <see cref="GenericTemplates"/> for a dataset with one text
    /// column and named classes.</summary>
    public static TemplateFile? Find(string datasetSpec, string? templatePath)
    {
        if (templatePath is null) return BuiltInTemplates.Find(DatasetFolder(datasetSpec));
        if (File.Exists(templatePath)) return TemplateFileLoader.Load(templatePath);
        if (Directory.Exists(templatePath)) return TemplateFileLoader.Load(Path.Combine(templatePath, "templates.yaml"));
        if (Path.IsPathRooted(templatePath))
            throw new CcsException(ExitCode.BadInput, $"--template_path {templatePath}: no such file or folder");
        return BuiltInTemplates.Find(templatePath.Trim('/')) ?? throw new CcsException(ExitCode.BadInput,
            $"--template_path {templatePath}: no such file or folder, and no built-in template set of that name (built in: {string.Join(", ", BuiltInTemplates.DatasetFolders)})");
    }

    /// <summary>The template folder of a dataset spec: <c>NAME</c> or <c>NAME/CONFIG</c> (<c>NAME:CONFIG</c> split at
    /// the first colon; an empty config is none).</summary>
    public static string DatasetFolder(string datasetSpec)
    {
        int colon = datasetSpec.IndexOf(':');
        string name = colon < 0 ? datasetSpec : datasetSpec[..colon];
        string config = colon < 0 ? "" : datasetSpec[(colon + 1)..];
        return config.Length == 0 ? name : name + "/" + config;
    }

    /// <param name="templatesRoot">The folder holding a template tree (<c>&lt;name&gt;[/&lt;config&gt;]/templates.yaml</c>).</param>
    /// <param name="datasetSpec"><c>NAME</c> or <c>NAME:CONFIG</c>, split at the first colon; an empty config is none.</param>
    /// <param name="templatePath"><c>--template_path</c>: a <c>templates.yaml</c> file, a folder holding one, or (as
    /// in the original) a path under the tree such as <c>super_glue/boolq</c>.</param>
    public static string Resolve(string templatesRoot, string datasetSpec, string? templatePath)
    {
        string path;
        if (templatePath is not null)
        {
            if (File.Exists(templatePath)) return templatePath;
            path = Directory.Exists(templatePath)
                ? Path.Combine(templatePath, "templates.yaml")
                : Path.Combine(templatesRoot, templatePath, "templates.yaml"); // an absolute templatePath wins, as os.path.join
        }
        else
        {
            path = Path.Combine(templatesRoot, DatasetFolder(datasetSpec), "templates.yaml");
        }
        return File.Exists(path) ? path : throw new CcsException(ExitCode.BadInput, $"Expected prompt templates to exist at {path}");
    }
}
