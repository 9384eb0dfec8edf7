using Ccs.Prompts;
using Ccs.Tests.Support;

namespace Ccs.Tests.Prompts;

/// <summary>Where templates come from (spec 3.1, 3.4.2, <c>--template_path FILE|DIR</c>) and how unusable
/// templates are reported.</summary>
public sealed class TemplateSelectionTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("ccs-prompts-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Root => SharedMaterial.Path("promptsource-elk");

    [Theory]
    [InlineData("imdb", "imdb/templates.yaml")]
    [InlineData("imdb:", "imdb/templates.yaml")]
    [InlineData("super_glue:boolq", "super_glue/boolq/templates.yaml")]
    [InlineData("christykoh/imdb_fr", "christykoh/imdb_fr/templates.yaml")]
    public void Resolves_a_dataset_spec_under_the_template_root(string spec, string relative) =>
        Assert.Equal(Path.Combine(Root, relative), TemplateLocator.Resolve(Root, spec, null));

    [Fact]
    public void Template_path_may_be_a_file_a_folder_or_a_name_under_the_root()
    {
        string file = Path.Combine(Root, "imdb", "templates.yaml");
        Assert.Equal(file, TemplateLocator.Resolve(Root, "ag_news", file));
        Assert.Equal(file, TemplateLocator.Resolve(Root, "ag_news", Path.Combine(Root, "imdb")));
        Assert.Equal(file, TemplateLocator.Resolve(Root, "ag_news", "imdb"));
    }

    [Fact]
    public void A_missing_template_file_is_bad_input_naming_the_path()
    {
        var e = Assert.Throws<CcsException>(() => TemplateLocator.Resolve(Root, "no_such_dataset:cfg", null));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal($"Expected prompt templates to exist at {Path.Combine(Root, "no_such_dataset", "cfg", "templates.yaml")}", e.Message);
    }

    private string WriteTemplates(string jinja, string answerChoices = "'no ||| yes'")
    {
        string path = Path.Combine(_temp, "templates.yaml");
        File.WriteAllText(path, $"dataset: toy\ntemplates:\n  t1: !Template\n    answer_choices: {answerChoices}\n    id: t1\n    jinja: '{jinja}'\n    metadata: !TemplateMetadata\n      languages: [en]\n    name: toy template\n    reference: ''\n");
        return path;
    }

    [Fact]
    public void An_unsupported_construct_is_reported_with_file_template_and_problem()
    {
        string path = WriteTemplates("{% macro m() %}{% endmacro %}{{ text }} ||| x");
        var template = TemplateFileLoader.Load(path).Templates.Single();
        var e = Assert.Throws<CcsException>(() => new TemplateRenderer(path, template, RenderRules.Original, new Random(0)));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.StartsWith($"{path}: template 'toy template': cannot be compiled: line 1: the {{% macro %}} tag is not supported", e.Message);
    }

    [Fact]
    public void A_render_error_is_reported_with_file_and_template()
    {
        string path = WriteTemplates("{{ text.missing.deeper }} ||| x");
        var renderer = new TemplateRenderer(path, TemplateFileLoader.Load(path).Templates.Single(), RenderRules.Original, new Random(0));
        var e = Assert.Throws<CcsException>(() => renderer.Apply(new Dictionary<string, object?> { ["text"] = "a" }));
        Assert.StartsWith($"{path}: template 'toy template': failed to render:", e.Message);
    }

    [Fact]
    public void Fixed_answer_choices_exist_only_when_they_use_no_variable()
    {
        string path = WriteTemplates("{{ text }} ||| {{ answer_choices[label] }}");
        var renderer = new TemplateRenderer(path, TemplateFileLoader.Load(path).Templates.Single(), RenderRules.Promptsource, new Random(0));
        Assert.Equal(["no", "yes"], renderer.FixedAnswerChoices()!);
        string dynamic = WriteTemplates("{{ text }} ||| {{ answer_choices[label] }}", "'{{ option_a }} ||| {{ option_b }}'");
        var dynamicRenderer = new TemplateRenderer(dynamic, TemplateFileLoader.Load(dynamic).Templates.Single(), RenderRules.Promptsource, new Random(0));
        Assert.Null(dynamicRenderer.FixedAnswerChoices());
    }
}
