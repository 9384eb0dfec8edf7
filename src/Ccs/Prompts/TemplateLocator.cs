namespace Ccs.Prompts;

/// <summary>Which <c>templates.yaml</c> a dataset uses (spec 3.1 and 3.4.2; ccs/promptsource/templates.py
/// <c>DatasetTemplates.folder_path</c>/<c>yaml_path</c>).</summary>
public static class TemplateLocator
{
    /// <param name="templatesRoot">The folder holding the built-in template tree (<c>&lt;name&gt;[/&lt;config&gt;]/templates.yaml</c>).</param>
    /// <param name="datasetSpec"><c>NAME</c> or <c>NAME:CONFIG</c>, split at the first colon; an empty config is none.</param>
    /// <param name="templatePath"><c>--template_path</c>: a <c>templates.yaml</c> file, a folder holding one, or (as
    /// in the original) a path under the built-in tree such as <c>super_glue/boolq</c>.</param>
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
            int colon = datasetSpec.IndexOf(':');
            string name = colon < 0 ? datasetSpec : datasetSpec[..colon];
            string config = colon < 0 ? "" : datasetSpec[(colon + 1)..];
            path = config.Length == 0 ? Path.Combine(templatesRoot, name, "templates.yaml") : Path.Combine(templatesRoot, name, config, "templates.yaml");
        }
        return File.Exists(path) ? path : throw new CcsException(ExitCode.BadInput, $"Expected prompt templates to exist at {path}");
    }
}
