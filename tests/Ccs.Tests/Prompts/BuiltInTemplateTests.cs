using System.Text.Json;
using System.Text.RegularExpressions;
using Ccs.Prompts;
using Ccs.Prompts.BuiltIn;
using Ccs.Prompts.Jinja;
using Ccs.Tests.Support;

namespace Ccs.Tests.Prompts;

/// <summary>The built-in template sets: their shape, that they render every row of the genuine dataset slices in
/// <c>shared/data</c> into usable contrast prompts (the original's rules, spec 3.4.1), and that their wording is not
/// taken from promptsource or the original tool.</summary>
public sealed partial class BuiltInTemplateTests
{
    /// <summary>The datasets the built-in sets cover: the Burns et al. datasets (spec 3.11) plus glue:rte,
    /// story_cloze:2016 and glue:sst2, in promptsource's folder layout.</summary>
    private static readonly string[] ExpectedFolders =
    [
        "ag_news", "amazon_polarity", "dbpedia_14", "glue/qnli", "glue/rte", "glue/sst2", "imdb", "piqa",
        "story_cloze/2016", "super_glue/boolq", "super_glue/copa", "super_glue/rte",
    ];

    public static TheoryData<string> Folders() => [.. BuiltInTemplates.DatasetFolders];

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Uuid4();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [Fact]
    public void Ships_a_set_for_every_covered_dataset() =>
        Assert.Equal(ExpectedFolders, BuiltInTemplates.DatasetFolders);

    [Fact]
    public void Every_set_has_at_least_eight_well_formed_multiple_choice_templates()
    {
        var files = BuiltInTemplates.DatasetFolders.Select(f => BuiltInTemplates.Find(f)!).Append(GenericTemplates.File).ToList();
        foreach (var file in files)
        {
            Assert.True(file.MultipleChoiceByName().Count >= 8, $"{file.Path}: {file.Templates.Count} templates");
            Assert.Equal(0, file.NonMultipleChoiceCount);
            Assert.Equal(file.Templates.Count, file.Templates.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());
            Assert.All(file.Templates, t =>
            {
                Assert.Matches(Uuid4(), t.Id);
                Assert.NotNull(t.Metadata.ChoicesInPrompt);
                Assert.True(t.Metadata.OriginalTask, $"{file.Path}: {t.Name}");
                Assert.Equal(["Accuracy"], t.Metadata.Metrics!);
                _ = new TemplateRenderer(file.Path, t, RenderRules.Original, new Random(0));
            });
        }
        var ids = files.SelectMany(f => f.Templates.Select(t => t.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Multi_class_sets_binarize_and_story_cloze_names_its_label_column()
    {
        // spec 3.3: the original's ag_news and dbpedia_14 files set binarize; story_cloze has no ClassLabel column
        // (shared/data/story_cloze_2016/README.md)
        Assert.True(BuiltInTemplates.Find("ag_news")!.Binarize);
        Assert.True(BuiltInTemplates.Find("dbpedia_14")!.Binarize);
        Assert.False(BuiltInTemplates.Find("imdb")!.Binarize);
        Assert.Equal("answer_right_ending", BuiltInTemplates.Find("story_cloze/2016")!.LabelColumn);
        Assert.Null(BuiltInTemplates.Find("super_glue/copa")!.LabelColumn);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Renders_every_row_of_the_datasets_slices(string folder)
    {
        var file = BuiltInTemplates.Find(folder)!;
        string labelColumn = file.LabelColumn ?? "label";
        var splits = Slices(folder.Replace('/', '_'));
        // the pseudo-labels: every class id occurs in these slices (shared/data/README.md), so the sorted distinct
        // labels are the ClassLabel ids 0..k-1 (story_cloze: 1, 2)
        var labelChoices = splits.SelectMany(s => s.Rows).Select(r => (long)r[labelColumn]!).Distinct().Order().Cast<object?>().ToList();
        Assert.True(labelChoices.Count >= 2);
        var renderers = file.MultipleChoiceByName().Select(t => new TemplateRenderer(file.Path, t, RenderRules.Original, new Random(0))).ToList();

        var problems = new List<string>();
        int rows = 0;
        foreach (var (split, splitRows) in splits)
        {
            for (int i = 0; i < splitRows.Count; i++, rows++)
                CheckRow(renderers, splitRows[i], labelColumn, labelChoices, $"{split}[{i}]", problems);
        }
        Assert.True(rows > 0);
        Assert.True(problems.Count == 0, $"{problems.Count} problems in {rows} rows of {folder}:\n" + string.Join("\n", problems.Take(8)));
    }

    [Fact]
    public void The_generic_set_renders_sst2_and_imdb_rows_given_their_class_names()
    {
        var file = GenericTemplates.File;
        var renderers = file.MultipleChoiceByName().Select(t => new TemplateRenderer(file.Path, t, RenderRules.Original, new Random(0))).ToList();
        // class names of the hub's ClassLabel features (shared/data/glue_sst2 and imdb READMEs)
        var datasets = new[] { ("glue_sst2", "sentence", new[] { "negative", "positive" }), ("imdb", "text", ["neg", "pos"]) };
        var problems = new List<string>();
        int rows = 0;
        foreach (var (dataset, textColumn, names) in datasets)
        {
            foreach (var (split, splitRows) in Slices(dataset))
            {
                for (int i = 0; i < splitRows.Count; i++, rows++)
                {
                    var variables = GenericTemplates.Variables(splitRows[i], textColumn, "label", names);
                    string where = $"{dataset}/{split}[{i}]";
                    CheckRow(renderers, variables, GenericTemplates.LabelVariable, [0L, 1L], where, problems);
                    string text = PyStr.Strip((string)splitRows[i][textColumn]!);
                    foreach (var r in renderers)
                    {
                        var (question, answer) = ContrastPrompts.QuestionAnswer(r, variables);
                        if (!question.Contains(text, StringComparison.Ordinal)) problems.Add($"{where} '{r.Template.Name}': question lacks the text");
                        if (!r.AnswerChoices(variables)!.SequenceEqual(names)) problems.Add($"{where} '{r.Template.Name}': answer choices are not the class names");
                        if (PyStr.Strip(answer) != names[(int)(long)splitRows[i]["label"]!]) problems.Add($"{where} '{r.Template.Name}': target is not the row's class name");
                    }
                }
            }
        }
        Assert.True(rows > 3000, $"only {rows} rows");
        Assert.True(problems.Count == 0, $"{problems.Count} problems in {rows} rows:\n" + string.Join("\n", problems.Take(8)));
    }

    [Fact]
    public void The_generic_variables_reject_rows_they_cannot_render()
    {
        var row = new Dictionary<string, object?> { ["sentence"] = "fine", ["label"] = 2L };
        var e = Assert.Throws<CcsException>(() => GenericTemplates.Variables(row, "text", "label", ["no", "yes"]));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Contains("'text'", e.Message);
        e = Assert.Throws<CcsException>(() => GenericTemplates.Variables(row, "sentence", "label", ["no", "yes"]));
        Assert.Equal("generic prompt templates: label 2 of column 'label' is not a class index 0..1", e.Message);
    }

    [Fact]
    public void No_template_copies_the_jinja_of_promptsource_or_the_original()
    {
        static string Normalize(string jinja) => Whitespace().Replace(jinja, " ").Trim();
        var theirs = new HashSet<string>(StringComparer.Ordinal);
        int files = 0;
        foreach (string root in new[] { "promptsource", "promptsource-elk" })
        {
            foreach (string path in Directory.GetFiles(SharedMaterial.Path(root), "templates.yaml", SearchOption.AllDirectories))
            {
                files++;
                foreach (var t in TemplateFileLoader.Load(path).Templates) theirs.Add(Normalize(t.Jinja));
            }
        }
        Assert.True(files >= 581, $"only {files} template files found"); // promptsource 279 + promptsource-elk 302 (their READMEs)
        var ours = BuiltInTemplates.DatasetFolders.Select(f => BuiltInTemplates.Find(f)!).Append(GenericTemplates.File)
            .SelectMany(f => f.Templates.Select(t => (f.Path, t.Name, Jinja: Normalize(t.Jinja))));
        Assert.Empty(ours.Where(t => theirs.Contains(t.Jinja)).Select(t => $"{t.Path}: {t.Name}"));
    }

    /// <summary>Checks one row against every template and pseudo-label: two parts, a non-empty question free of
    /// template syntax, one answer choice per class, the target being the pseudo-label's choice, and no question
    /// shared between two templates.</summary>
    private static void CheckRow(IReadOnlyList<TemplateRenderer> renderers, IReadOnlyDictionary<string, object?> row,
        string labelColumn, IReadOnlyList<object?> labelChoices, string where, List<string> problems)
    {
        var questionOwner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var renderer in renderers)
        {
            string name = renderer.Template.Name;
            for (int j = 0; j < labelChoices.Count; j++)
            {
                var labelled = ContrastPrompts.WithLabel(row, labelColumn, labelChoices[j]);
                var parts = renderer.Apply(labelled);
                var choices = renderer.AnswerChoices(labelled)!;
                string? problem = parts.Count != 2 ? $"{parts.Count} parts"
                    : PyStr.IsAllSpace(parts[0]) || parts[0].Length == 0 ? "empty question"
                    : parts.Any(p => p.Contains("{{") || p.Contains("{%") || p.Contains("|||")) ? "template syntax left in the output"
                    : choices.Count != labelChoices.Count ? $"{choices.Count} answer choices for {labelChoices.Count} classes"
                    : choices.Distinct().Count() != choices.Count || choices.Any(c => c.Length == 0) ? "empty or repeated answer choices"
                    : PyStr.Strip(parts[1]) != choices[j] ? $"target '{PyStr.Strip(parts[1])}' is not answer choice {j} '{choices[j]}'"
                    : questionOwner.TryGetValue(parts[0], out string? owner) && owner != name ? $"same question as '{owner}'"
                    : null;
                if (problem is not null) problems.Add($"{where} '{name}' pseudo-label {labelChoices[j]}: {problem}");
                else questionOwner[parts[0]] = name;
            }
        }
    }

    private static List<(string Split, List<Dictionary<string, object?>> Rows)> Slices(string dataset) =>
        Directory.GetFiles(SharedMaterial.Path("data", dataset), "*.jsonl").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileNameWithoutExtension(path),
                File.ReadLines(path).Where(l => l.Length > 0).Select(l => PyJson.Row(JsonDocument.Parse(l).RootElement)).ToList()))
            .ToList();
}
