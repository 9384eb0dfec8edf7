using Ccs.Prompts;
using Ccs.Tests.Support;

namespace Ccs.Tests.Prompts;

/// <summary>How a dataset spec or <c>--template_path</c> finds its templates when the built-in sets are the tree
/// (spec 3.1, 3.4.2).</summary>
public sealed class BuiltInTemplateLocationTests
{
    [Theory]
    [InlineData("imdb", "ccs/BuiltIn/imdb/templates.yaml")]
    [InlineData("imdb:", "ccs/BuiltIn/imdb/templates.yaml")]
    [InlineData("super_glue:boolq", "ccs/BuiltIn/super_glue/boolq/templates.yaml")]
    [InlineData("glue:rte", "ccs/BuiltIn/glue/rte/templates.yaml")]
    [InlineData("story_cloze:2016", "ccs/BuiltIn/story_cloze/2016/templates.yaml")]
    public void A_dataset_spec_without_template_path_resolves_to_its_built_in_set(string spec, string resource)
    {
        var file = TemplateLocator.Find(spec, null)!;
        Assert.Equal(resource, file.Path);
        Assert.NotEmpty(file.Templates);
    }

    [Theory]
    [InlineData("no_such_dataset")]
    [InlineData("super_glue:no_such_config")]
    [InlineData("christykoh/imdb_fr")]
    [InlineData("_generic")]
    public void A_dataset_without_a_built_in_set_finds_none(string spec) => Assert.Null(TemplateLocator.Find(spec, null));

    [Fact]
    public void Template_path_may_be_a_file_a_folder_or_a_built_in_name()
    {
        string folder = SharedMaterial.Path("promptsource-elk", "imdb");
        string file = Path.Combine(folder, "templates.yaml");
        Assert.Equal(file, TemplateLocator.Find("ag_news", file)!.Path);
        Assert.Equal(file, TemplateLocator.Find("ag_news", folder)!.Path);
        Assert.Equal("ccs/BuiltIn/super_glue/boolq/templates.yaml", TemplateLocator.Find("imdb", "super_glue/boolq")!.Path);
    }

    [Fact]
    public void A_template_path_that_is_nothing_is_bad_input_naming_it()
    {
        var e = Assert.Throws<CcsException>(() => TemplateLocator.Find("imdb", "no/such/templates"));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.StartsWith("--template_path no/such/templates: no such file or folder, and no built-in template set of that name (built in: ag_news, ", e.Message);
        string absent = Path.Combine(Path.GetTempPath(), "ccs-no-such-folder");
        e = Assert.Throws<CcsException>(() => TemplateLocator.Find("imdb", absent));
        Assert.Equal($"--template_path {absent}: no such file or folder", e.Message);
    }
}
