using System.Diagnostics;
using System.Text.Json;
using Ccs.Tests.Data;
using Ccs.Tests.Support;

namespace Ccs.Tests.Pipeline;

/// <summary>
/// <c>ccs prompts</c> on a local dataset and on a hub dataset in the Hugging Face cache: what it prints is checked
/// against the original's template order (reporter-reference meta.json) and, text for text, against the
/// original's renders of the same rows (promptsource-renders).
/// </summary>
public sealed class PromptsCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string ElkTemplates(string folder) => SharedMaterial.Path("promptsource-elk", folder);

    [Fact]
    public void Local_imdb_shows_every_templates_pair_as_the_original_renders_it()
    {
        // The first 10 rows of each shared split: row ids are then the row indices the renders reference uses.
        _folder.Write("imdb/train.jsonl", PipelineFixtures.Lines("imdb", "train", 0, 10));
        _folder.Write("imdb/test.jsonl", PipelineFixtures.Lines("imdb", "test", 0, 10));
        string dataset = Path.Combine(_folder.Path, "imdb");

        var (code, stdout, stderr) = PromptsOutput.Run(PipelineFixtures.Offline(_folder.Path),
            dataset, "--template_path", ElkTemplates("imdb"), "--num", "3");

        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        var examples = PromptsOutput.Parse(stdout, out var header);
        Assert.Equal([$"13 templates from {ElkTemplates("imdb")}/templates.yaml", $"{dataset} using 'test' for validation"], header);
        Assert.Equal(3, examples.Count);
        Assert.Equal(3, examples.Select(e => e.RowId).Distinct().Count());
        string[] labels = [.. File.ReadLines(Path.Combine(dataset, "test.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetInt64().ToString())];

        int compared = CheckAgainstRenders(examples, "imdb", "promptsource-elk/imdb/templates.yaml", "test", ImdbOriginalTemplateOrder(),
            row => labels[row]);
        Assert.Equal(3 * 13 * 2, compared);
    }

    [Fact]
    public async Task A_hub_dataset_comes_from_the_cache_HF_HUB_CACHE_names_offline()
    {
        string cache = Path.Combine(_folder.Path, "hub");
        await PipelineFixtures.AddBoolqToCache(cache);

        var (code, stdout, stderr) = RunCcsProcess(new() { ["HF_HUB_CACHE"] = cache, ["HF_HUB_OFFLINE"] = "1" },
            "prompts", "super_glue:boolq", "--template_path", ElkTemplates("super_glue/boolq"), "--num", "2");

        Assert.True(code == 0, stderr);
        var examples = PromptsOutput.Parse(stdout, out var header);
        Assert.Equal([$"10 templates from {ElkTemplates("super_glue/boolq")}/templates.yaml", "super_glue:boolq using 'validation' for validation"], header);
        Assert.Equal(2, examples.Count);
        string[] labels = [.. File.ReadLines(SharedMaterial.Path("data", "super_glue_boolq", "validation.jsonl")).Take(20)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetInt64().ToString())];
        // spec 3.4.2's worked example: boolq's ten templates in ordinal name order
        string[] order = ["GPT-3 Style", "I wonder…", "after_reading", "based on the following passage", "based on the previous passage",
                          "could you tell me…", "exam", "exercise", "valid_binary", "yes_no_question"];
        int compared = CheckAgainstRenders(examples, "super_glue_boolq", "promptsource-elk/super_glue/boolq/templates.yaml", "validation", order, row => labels[row]);
        Assert.Equal(2 * 10 * 2, compared);
    }

    /// <summary>
    /// Every shown example has the templates in the original's order, two choices each with the true one marked at
    /// the label, and every (question, answer) equal to the original's renders of that row (the rows used are short
    /// enough that the reference's 2048-character truncation does not apply). Returns how many pairs were compared.
    /// </summary>
    private static int CheckAgainstRenders(List<ShownExample> examples, string dataset, string templateFile, string split,
                                           IReadOnlyList<string> templateOrder, Func<int, string> label)
    {
        var renders = new Dictionary<(string, long), JsonElement>();
        foreach (string line in File.ReadLines(SharedMaterial.Path("promptsource-renders", dataset + ".jsonl")))
        {
            JsonElement r = JsonDocument.Parse(line).RootElement;
            if (r.GetProperty("template_file").GetString() == templateFile && r.GetProperty("split").GetString() == split)
                renders[(r.GetProperty("template_name").GetString()!, r.GetProperty("row_index").GetInt64())] = r;
        }
        int compared = 0;
        foreach (ShownExample example in examples)
        {
            Assert.Equal(label((int)example.RowId), example.Label.ToString());
            Assert.Equal(templateOrder, example.Templates.Select(t => t.Name));
            foreach (ShownTemplate template in example.Templates)
            {
                Assert.Equal([0, 1], template.Choices.Select(c => c.Index));
                Assert.Equal([example.Label], template.Choices.Where(c => c.MarkedTrue).Select(c => c.Index));
                JsonElement reference = renders[(template.Name, example.RowId)];
                foreach (ShownChoice choice in template.Choices)
                {
                    string answer = reference.GetProperty("elk_answers")[choice.Index].GetString()!;
                    string joined = reference.GetProperty("model_inputs")[choice.Index].GetString()!;
                    // promptsource-renders/README.md: q = model_inputs[i] minus the trailing answer, minus one trailing space
                    string question = joined[..^answer.Length];
                    if (question.EndsWith(' ')) question = question[..^1];
                    string where = $"row {example.RowId} '{template.Name}' choice {choice.Index}";
                    Assert.True(question == choice.Question, $"{where}: question differs");
                    Assert.True(PromptsOutput.Repr(answer.Trim()) == choice.Answer, $"{where}: answer {choice.Answer}, expected {answer.Trim()}");
                    compared++;
                }
            }
        }
        return compared;
    }

    private static string[] ImdbOriginalTemplateOrder()
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(SharedMaterial.Path("reporter-reference", "hiddens", "imdb-minilm-seed42", "meta.json")));
        return [.. meta.RootElement.GetProperty("variant_ids").EnumerateArray().Select(v => v.GetString()!)];
    }

    private static (int Code, string Out, string Err) RunCcsProcess(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccs.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach ((string name, string value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "ccs did not exit within 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
