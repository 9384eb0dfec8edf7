using Ccs.Prompts;
using Ccs.Tests.Support;

namespace Ccs.Tests.Prompts;

/// <summary>Every real promptsource template file (promptsource and the original tool's copies) loads, and every
/// template in it compiles under both rule sets; facts about specific files come from the shared READMEs and the
/// spec (3.4).</summary>
public sealed class TemplateFileLoadingTests
{
    private static IEnumerable<string> AllTemplateFiles() =>
        new[] { "promptsource", "promptsource-elk" }
            .SelectMany(root => Directory.GetFiles(SharedMaterial.Path(root), "templates.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_template_file_loads_and_every_template_compiles()
    {
        var failures = new List<string>();
        int files = 0, templates = 0;
        foreach (string path in AllTemplateFiles())
        {
            files++;
            try
            {
                foreach (var template in TemplateFileLoader.Load(path).Templates)
                {
                    templates++;
                    _ = new TemplateRenderer(path, template, RenderRules.Promptsource, new Random(0));
                    _ = new TemplateRenderer(path, template, RenderRules.Original, new Random(0));
                }
            }
            catch (CcsException e)
            {
                failures.Add(e.Message);
            }
        }
        // promptsource/README.md: 279 files; promptsource-elk/README.md: 302 files
        Assert.True(files >= 581, $"only {files} template files found");
        Assert.True(failures.Count == 0, $"{failures.Count} of {templates} templates in {files} files failed:\n" + string.Join("\n", failures.Take(10)));
    }

    [Theory]
    // promptsource-elk/README.md, "Differences" table
    [InlineData("promptsource", "ag_news", 7, false)]
    [InlineData("promptsource-elk", "ag_news", 15, true)]
    [InlineData("promptsource-elk", "dbpedia_14", 11, true)]
    [InlineData("promptsource", "imdb", 11, false)]
    [InlineData("promptsource-elk", "imdb", 13, false)]
    [InlineData("promptsource-elk", "piqa", 9, false)]
    [InlineData("promptsource-elk", "super_glue/copa", 9, false)]
    public void Reads_template_counts_and_binarize(string root, string dataset, int count, bool binarize)
    {
        var file = TemplateFileLoader.Load(SharedMaterial.Path(root, dataset, "templates.yaml"));
        Assert.Equal(count, file.Templates.Count);
        Assert.Equal(binarize, file.Binarize);
        Assert.All(file.Templates, t => Assert.False(string.IsNullOrEmpty(t.Id)));
    }

    [Theory]
    // spec 3.4.2: variant counts of the Burns datasets with the original's files
    [InlineData("imdb", 13)]
    [InlineData("amazon_polarity", 11)]
    [InlineData("ag_news", 15)]
    [InlineData("dbpedia_14", 11)]
    [InlineData("glue/qnli", 5)]
    [InlineData("piqa", 7)]
    [InlineData("super_glue/boolq", 10)]
    [InlineData("super_glue/copa", 9)]
    [InlineData("super_glue/rte", 11)]
    public void Counts_the_multiple_choice_variants_of_the_spec(string dataset, int variants)
    {
        var file = TemplateFileLoader.Load(SharedMaterial.Path("promptsource-elk", dataset, "templates.yaml"));
        Assert.Equal(variants, file.MultipleChoiceByName().Count);
    }

    [Fact]
    public void Orders_templates_by_name_ordinally()
    {
        var file = TemplateFileLoader.Load(SharedMaterial.Path("promptsource-elk", "super_glue", "boolq", "templates.yaml"));
        Assert.Equal("super_glue", file.Dataset);
        Assert.Equal("boolq", file.Subset);
        // spec 3.4.2 worked example
        Assert.Equal(
            ["GPT-3 Style", "I wonder…", "after_reading", "based on the following passage", "based on the previous passage",
             "could you tell me…", "exam", "exercise", "valid_binary", "yes_no_question"],
            file.MultipleChoiceByName().Select(t => t.Name));
    }

    [Fact]
    public void Reads_metadata_and_null_answer_choices()
    {
        var file = TemplateFileLoader.Load(SharedMaterial.Path("promptsource", "piqa", "templates.yaml"));
        // promptsource-renders/FAILURES.md lists four piqa templates without answer_choices
        Assert.Equal(4, file.NonMultipleChoiceCount);
        var imdb = TemplateFileLoader.Load(SharedMaterial.Path("promptsource-elk", "imdb", "templates.yaml"));
        var t = imdb.Templates.Single(x => x.Name == "Movie Expressed Sentiment");
        Assert.Equal("negative ||| positive", t.AnswerChoices);
        Assert.Equal(["en"], t.Metadata.Languages!);
        Assert.Equal(["Accuracy"], t.Metadata.Metrics!);
    }

    [Fact]
    public void Loads_a_quoted_scalar_with_unindented_continuation_lines_as_pyyaml_does()
    {
        // christykoh/imdb_fr has such a scalar; PyYAML reads it as "{{text}}\n\nCe n'est ..." (blank lines fold to \n)
        var file = TemplateFileLoader.Load(SharedMaterial.Path("promptsource-elk", "christykoh", "imdb_fr", "templates.yaml"));
        var t = file.Templates.Single(x => x.Id == "b9b5d79d-f0b3-4bec-a724-f585db3e93ff");
        Assert.Equal("{{text}}\n\nCe n'est certainement pas un ||| {{ answer_choices [1-label]}} avis.", t.Jinja);
    }
}
