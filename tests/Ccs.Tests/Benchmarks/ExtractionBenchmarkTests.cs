using System.Text.Json;
using Ccs.Benchmarks;
using Ccs.Cli;
using Ccs.Runs;
using Ccs.Tests.Support;
using Ccs.Tokenization;

namespace Ccs.Tests.Benchmarks;

public class ExtractionBenchmarkTests
{
    /// <summary>Issue 10's keys of the JSON line, with the JSON kind each must have.</summary>
    private static readonly Dictionary<string, JsonValueKind> RequiredKeys = new()
    {
        ["batch1_examples_per_s"] = JsonValueKind.Number,
        ["batched_examples_per_s"] = JsonValueKind.Number,
        ["best_examples_per_s"] = JsonValueKind.Number,
        ["best_config"] = JsonValueKind.String,
        ["achieved_gflops"] = JsonValueKind.Number,
        ["matmul_peak_gflops"] = JsonValueKind.Number,
        ["bf16_examples_per_s"] = JsonValueKind.Number,
        ["bf16_matmul_peak_gflops"] = JsonValueKind.Number,
        ["prefix_examples_per_s"] = JsonValueKind.Null,   // an encoder: no shared prefix
        ["dtype"] = JsonValueKind.String,
        ["model"] = JsonValueKind.String,
        ["examples"] = JsonValueKind.Number,
    };

    [Fact]
    public async Task A_run_prints_the_table_then_one_json_line_with_the_issue_keys()
    {
        var stdout = new StringWriter();
        var console = new CcsConsole(stdout, new StringWriter(), false);
        string model = SharedMaterial.Path("models", "all-MiniLM-L6-v2");

        Assert.Equal(0, await ExtractionBenchmark.RunAsync(new ExtractionBenchmarkOptions(model, null, 2, 1), console, default));

        string[] lines = stdout.ToString().TrimEnd('\n').Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        foreach (var (key, kind) in RequiredKeys)
            Assert.True(root.TryGetProperty(key, out var value) && value.ValueKind == kind, $"{key} missing or not {kind}: {lines[^1]}");
        Assert.Equal(model, root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("examples").GetInt32());
        Assert.True(root.GetProperty("batch1_examples_per_s").GetDouble() > 0);

        // The table comes first: one row per configuration, and only the last line is JSON.
        var names = root.GetProperty("configs").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["batch1-float32", "batched-float32", "batch1-bfloat16", "batched-bfloat16"], names);
        Assert.Contains(root.GetProperty("best_config").GetString(), names);
        Assert.All(names, name => Assert.Contains(lines[..^1], l => l.StartsWith(name + " ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines[..^1], l => l.TrimStart().StartsWith('{'));
        // Batching and padding change nothing beyond float32 rounding.
        var batched = root.GetProperty("configs").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "batched-float32");
        Assert.InRange(batched.GetProperty("max_relative_error").GetDouble(), 0, 1e-5);
    }

    [Fact]
    public async Task The_command_line_becomes_the_options()
    {
        ExtractionBenchmarkOptions? received = null;
        var runners = VerbRunners.Default with { Bench = (o, _, _) => { received = o; return Task.FromResult(0); } };

        Assert.Equal(0, await CcsApp.RunAsync(["bench"], TextWriter.Null, TextWriter.Null, runners, default));
        Assert.Equal(new ExtractionBenchmarkOptions("random:gpt2", null, 32, 1), received);

        string[] args = ["bench", "--model", "m", "--dataset", "d", "--examples", "5", "--rounds", "2"];
        Assert.Equal(0, await CcsApp.RunAsync(args, TextWriter.Null, TextWriter.Null, runners, default));
        Assert.Equal(new ExtractionBenchmarkOptions("m", "d", 5, 2), received);

        var stderr = new StringWriter();
        Assert.Equal(ExitCode.Usage, await CcsApp.RunAsync(["bench", "--examples", "0"], TextWriter.Null, stderr, runners, default));
        Assert.Contains("--examples", stderr.ToString());
    }

    [Fact]
    public void The_random_models_vocabulary_covers_the_built_in_statements()
    {
        var tokenizer = TokenizerLoader.FromFolder(RandomModels.ConfigFolder("random:gpt2"));
        int unknown = tokenizer.TokenToId("[UNK]")!.Value;
        var example = BuiltInStatements.Examples(3)[2];
        Assert.Equal(2, example.Prompts.Length);
        Assert.All(example.Prompts, variant => Assert.Equal(["false", "true"], variant.Select(p => p.Answer)));
        foreach (var prompt in example.Prompts.SelectMany(v => v))
        {
            int[] ids = tokenizer.Encode(prompt.Question);
            Assert.DoesNotContain(unknown, ids);
            Assert.InRange(ids.Length, 8, 30);   // word-level: about as long as GPT-2's BPE would make them
        }
    }
}
