using System.Text.Json;
using Ccs.Data;
using Ccs.Pipeline;
using Ccs.Runs;
using Ccs.Tests.Data;
using Ccs.Tests.Support;

namespace Ccs.Tests.Pipeline;

/// <summary>
/// The entry point from a dataset argument to example streams: hub names through the hub cache, templates from a
/// template tree by dataset name (the original's own tree, standing in for built-in templates), the file's
/// settings, and the examples' texts against the original's renders.
/// </summary>
public sealed class PromptedDatasetTests : IDisposable
{
    private static readonly CcsConsole Quiet = new(TextWriter.Null, TextWriter.Null, false);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_hub_dataset_with_templates_from_the_tree_by_its_name()
    {
        string cache = Path.Combine(_folder.Path, "hub");
        await PipelineFixtures.AddBoolqToCache(cache);
        var console = new CcsConsole(new StringWriter(), new StringWriter(), false);

        PromptedDataset boolq = await PromptedDataset.OpenAsync("super_glue:boolq", null,
            PipelineFixtures.Offline(cache, SharedMaterial.Path("promptsource-elk")), console, CancellationToken.None);
        ExampleStream validation = boolq.Stream(SplitRole.Validation, new ExampleOptions(false, 0, 42, true), console);
        ExampleStream train = boolq.Stream(SplitRole.Train, new ExampleOptions(false, 0, 42, true), console);

        Assert.Equal(SharedMaterial.Path("promptsource-elk", "super_glue", "boolq", "templates.yaml"), boolq.Templates.File.Path);
        Assert.Equal(["train", "validation"], boolq.Dataset.SplitNames);
        Assert.Equal(("validation", 20), (validation.Split.Name, validation.Split.Rows.Count));
        Assert.Equal(("train", 20), (train.Split.Name, train.Split.Rows.Count));
        Assert.Equal(["False", "True"], validation.Labels.Column.ClassNames.ToArray());
        Assert.Equal("super_glue:boolq using 'validation' for validation\nsuper_glue:boolq using 'train' for training and 'validation' for validation\n",
            console.Out.ToString());

        PromptedExample first = validation.Examples.First();
        var reference = ReferenceQuestions("super_glue_boolq", "promptsource-elk/super_glue/boolq/templates.yaml", "validation", first.RowId);
        Assert.Equal(first.TemplateNames.Select(n => reference[n]), first.Texts.Select(v => v.ToArray()));
    }

    [Fact]
    public void The_template_file_comes_from_template_path_or_the_tree()
    {
        var tree = new TemplateSource(SharedMaterial.Path("promptsource-elk"));
        string imdb = SharedMaterial.Path("promptsource-elk", "imdb", "templates.yaml");

        Assert.Equal(imdb, tree.Find(DatasetSpec.Parse("imdb"), null).Path);
        Assert.Equal(imdb, tree.Find(DatasetSpec.Parse("imdb:plain_text"), "imdb").Path); // a tree path, as the original's --template_path
        Assert.Equal(SharedMaterial.Path("promptsource-elk", "super_glue", "rte", "templates.yaml"), tree.Find(DatasetSpec.Parse("super_glue:rte"), null).Path);
        Assert.Equal(imdb, TemplateSource.Default.Find(DatasetSpec.Parse("imdb"), imdb).Path);
        Assert.Equal(imdb, TemplateSource.Default.Find(DatasetSpec.Parse("imdb"), Path.GetDirectoryName(imdb)).Path);
        var e = Assert.Throws<CcsException>(() => tree.Find(DatasetSpec.Parse("no_such_dataset"), null));
        Assert.Equal($"Expected prompt templates to exist at {SharedMaterial.Path("promptsource-elk")}/no_such_dataset/templates.yaml", e.Message);
    }

    [Fact]
    public async Task The_template_files_binarize_and_label_column_reach_the_examples()
    {
        // ag_news: the original's file sets binarize; every example contrasts its label with one other class.
        DatasetTemplates agNews = new TemplateSource(SharedMaterial.Path("promptsource-elk")).Load(DatasetSpec.Parse("ag_news"), null);
        Assert.True(agNews.ForExamples.Binarize);
        Assert.Equal(15, agNews.ForExamples.Templates.Count);
        Assert.Equal(agNews.ForExamples.Templates.Select(t => t.Name).Order(StringComparer.Ordinal), agNews.ForExamples.Templates.Select(t => t.Name));

        // A file naming its label column (strings here, so only binarized contrasts are possible) and binarizing.
        _folder.Write("labels/train.jsonl", "{\"text\": \"a\", \"verdict\": \"pos\"}\n{\"text\": \"b\", \"verdict\": \"neg\"}\n");
        _folder.Write("labels/test.jsonl", "{\"text\": \"c\", \"verdict\": \"neg\"}\n{\"text\": \"d\", \"verdict\": \"pos\"}\n");
        string file = _folder.Write("labels/templates/templates.yaml", """
            binarize: true
            label_column: verdict
            templates:
              v1: !Template
                answer_choices: neg ||| pos
                id: v1
                jinja: '{{ text }} ||| {{ verdict }} verdict'
                name: verdict
                reference: ''
            """);
        var console = new CcsConsole(new StringWriter(), TextWriter.Null, false);
        PromptedDataset labels = await PromptedDataset.OpenAsync(Path.Combine(_folder.Path, "labels"), file, PipelineFixtures.Offline(_folder.Path), console, default);
        ExampleStream stream = labels.Stream(SplitRole.Validation, new ExampleOptions(false, 0, 42, false), console);
        Assert.Equal(("verdict", LabelKind.Other, 2), (stream.Labels.Column.Name, stream.Labels.Column.Kind, stream.Labels.NumClasses));
        Assert.Contains("Using the following pseudo-labels: ['neg', 'pos']", console.Out.ToString());
        Assert.Equal(2, stream.Examples.Count());
        var truth = new Dictionary<string, string> { ["c"] = "neg verdict", ["d"] = "pos verdict" };
        foreach (PromptedExample example in stream.Examples)
        {
            string[] answers = [.. example.Prompts[0].Select(p => p.Answer)];
            Assert.Equal(["neg verdict", "pos verdict"], answers.Order());
            Assert.Equal(truth[example.Prompts[0][0].Question], answers[example.Label]);
        }
    }

    /// <summary>The original's questions per template for one row (promptsource-renders, ELK rules).</summary>
    private static Dictionary<string, string[]> ReferenceQuestions(string dataset, string templateFile, string split, long row)
    {
        var questions = new Dictionary<string, string[]>();
        foreach (string line in File.ReadLines(SharedMaterial.Path("promptsource-renders", dataset + ".jsonl")))
        {
            JsonElement r = JsonDocument.Parse(line).RootElement;
            if (r.GetProperty("template_file").GetString() != templateFile || r.GetProperty("split").GetString() != split
                || r.GetProperty("row_index").GetInt64() != row) continue;
            questions[r.GetProperty("template_name").GetString()!] = [.. r.GetProperty("model_inputs").EnumerateArray().Zip(r.GetProperty("elk_answers").EnumerateArray(),
                (input, answer) => Question(input.GetString()!, answer.GetString()!))];
        }
        return questions;
    }

    /// <summary>promptsource-renders/README.md: q = model_inputs[i] minus the trailing answer, minus one trailing space.</summary>
    private static string Question(string joined, string answer)
    {
        string q = joined[..^answer.Length];
        return q.EndsWith(' ') ? q[..^1] : q;
    }
}
