using Ccs.Prompts;
using Ccs.Prompts.Jinja;
using Ccs.Tests.Support;

namespace Ccs.Tests.Prompts;

/// <summary>Every line of every <c>shared/promptsource-renders/*.jsonl</c> (renders by the real Jinja2 with
/// promptsource's and the original tool's rules) is reproduced byte for byte: prompt, target, answer choices,
/// the original's per-choice answers and joined inputs, and the (question, answer) pairs of spec 3.9.</summary>
public sealed class PromptsourceRenderParityTests
{
    public static TheoryData<string> RenderFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(SharedMaterial.Path("promptsource-renders"), "*.jsonl").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    /// <summary>Label columns of the slices (promptsource-renders/README.md, ELK rules step 1).</summary>
    private static string LabelColumn(string dataset, TemplateFile file) =>
        file.LabelColumn ?? (dataset == "story_cloze_2016" ? "answer_right_ending" : "label");

    [Theory]
    [MemberData(nameof(RenderFiles))]
    public void Reproduces_every_line(string renderFile)
    {
        var slices = new DatasetSlices();
        var files = new Dictionary<string, TemplateFile>();
        var renderers = new Dictionary<(string, string, RenderRules), TemplateRenderer>();
        // the renders were made with truncation on for both rule sets (promptsource-renders/README.md)
        var elkRules = RenderRules.Original with { Truncate = true };
        TemplateRenderer Renderer(string file, string id, RenderRules rules)
        {
            if (!renderers.TryGetValue((file, id, rules), out var r))
            {
                var template = files[file].Templates.Single(t => t.Id == id);
                renderers[(file, id, rules)] = r = new TemplateRenderer(file, template, rules, new Random(0));
            }
            return r;
        }

        var mismatches = new List<string>();
        int lines = 0;
        foreach (var line in RenderReference.ReadAll(SharedMaterial.Path("promptsource-renders", renderFile)))
        {
            lines++;
            if (!files.ContainsKey(line.TemplateFile)) files[line.TemplateFile] = TemplateFileLoader.Load(SharedMaterial.Path(line.TemplateFile));
            var row = slices.Row(line.Dataset, line.Split, line.RowIndex);
            string where = $"{line.TemplateFile} '{line.TemplateName}' {line.Split}[{line.RowIndex}]";
            try
            {
                Check(line, row, Renderer(line.TemplateFile, line.TemplateId, RenderRules.Promptsource),
                    Renderer(line.TemplateFile, line.TemplateId, elkRules), LabelColumn(line.Dataset, files[line.TemplateFile]), where, mismatches);
            }
            catch (CcsException e)
            {
                mismatches.Add($"{where}: {e.Message}");
            }
        }
        Assert.True(lines > 0, $"{renderFile} has no lines");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches in {lines} lines of {renderFile}:\n" + string.Join("\n", mismatches.Take(8)));
    }

    private static void Check(RenderReference line, IReadOnlyDictionary<string, object?> row, TemplateRenderer promptsource,
        TemplateRenderer elk, string labelColumn, string where, List<string> mismatches)
    {
        void Expect<T>(string what, T expected, T actual)
        {
            string e = Show(expected), a = Show(actual);
            if (e != a) mismatches.Add($"{where}: {what}\n  expected {e}\n  actual   {a}");
        }

        var parts = promptsource.Apply(row);
        Expect("prompt", line.Prompt, parts[0]);
        Expect("target", line.Target, parts.Count > 1 ? parts[1] : null);
        Expect("answer_choices", line.AnswerChoices, promptsource.AnswerChoices(row));
        if (line.ModelInputs is null) return;

        var inputs = new List<string>();
        var answers = new List<string>();
        foreach (var pseudo in line.LabelChoices!)
        {
            var (q, a) = ContrastPrompts.QuestionAnswer(elk, ContrastPrompts.WithLabel(row, labelColumn, pseudo));
            inputs.Add(ContrastPrompts.JoinQuestionAnswer(q, a));
            answers.Add(a);
        }
        Expect("model_inputs", line.ModelInputs, inputs);
        Expect("elk_answers", line.ElkAnswers, answers);

        // spec 3.9: question = the newline-preserving first part (model_inputs minus the joined answer),
        // answer = the ELK answer fully stripped
        var choices = ContrastPrompts.ForExample([elk], row, labelColumn, line.LabelChoices).Single();
        var expectedPairs = line.ModelInputs.Zip(line.ElkAnswers!, (input, a) =>
        {
            string q = PyStr.IsAllSpace(a) || a.Length == 0 ? input : input[..^a.Length];
            if (q.EndsWith(' ') && !(a.Length > 0 && PyStr.IsSpace(a[0]))) q = q[..^1];
            return new ChoicePrompt(q, a.Trim());
        }).ToList();
        Expect("choice prompts", expectedPairs, choices);
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string s => PyRepr.QuoteString(s.Length > 160 ? s[..80] + "…" + s[^80..] : s),
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Show)) + "]",
        _ => value.ToString() ?? "",
    };
}
