using System.Text.Json;
using Ccs.Benchmarks;
using Ccs.Runs;
using Ccs.Tests.Cli;
using Ccs.Tests.Support;
using static TorchSharp.torch;

namespace Ccs.Tests.Benchmarks;

public class ForwardBenchmarkTests
{
    [Fact]
    public void The_command_line_becomes_the_options()
    {
        var options = CliHarness.Parse<ForwardBenchmarkOptions>("bench forward some/model --batch 4 --seq 16 --dtypes bf16 float32 --repeats 2");
        Assert.Equal("some/model", options.Model);
        Assert.Equal((4, 16, 2), (options.Batch, options.Sequence, options.Repeats));
        Assert.Equal([ScalarType.BFloat16, ScalarType.Float32], options.DTypes);
    }

    [Fact]
    public async Task A_run_reports_a_table_and_one_json_line_per_dtype()
    {
        var stdout = new StringWriter();
        var console = new CcsConsole(stdout, new StringWriter(), false);
        var options = new ForwardBenchmarkOptions(SharedMaterial.Path("models", "tiny-roberta"), 2, 8, [ScalarType.Float32, ScalarType.BFloat16], 1);

        Assert.Equal(0, await ForwardBenchmark.RunAsync(options, console, default));

        string[] lines = stdout.ToString().TrimEnd('\n').Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["float32", "bfloat16"], results.Select(r => r.GetProperty("dtype").GetString()));
        Assert.All(results, r =>
        {
            Assert.True(r.GetProperty("tokens_per_s").GetDouble() > 0);
            Assert.True(r.GetProperty("matmul_peak_gflops").GetDouble() > 0);
        });
        Assert.Contains(lines, l => l.StartsWith("float32 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_random_gpt2_small_has_124M_parameters_and_runs()
    {
        using (var model = RandomModels.Create(RandomModels.ConfigFolder("random:gpt2"), Ccs.Models.ModelPlacement.CpuFloat32))
        {
            long parameters = ((TorchSharp.torch.nn.Module)model).parameters().Sum(p => p.numel());
            Assert.InRange(parameters, 124_000_000, 124_500_000);   // GPT-2 small: 124.4M with the tied head counted once
        }
        var stdout = new StringWriter();
        var options = new ForwardBenchmarkOptions("random:gpt2", 1, 4, [ScalarType.Float32], 1);
        Assert.Equal(0, await ForwardBenchmark.RunAsync(options, new CcsConsole(stdout, new StringWriter(), false), default));
        Assert.Contains("random:gpt2 (random weights) (gpt2, 12 layers, d=768)", stdout.ToString());
    }
}
