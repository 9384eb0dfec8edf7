using Ccs.Cli;
using Ccs.Data;
using Ccs.Devices;
using Ccs.Extraction;
using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Extraction;
using Ccs.Tests.Support;

namespace Ccs.Tests.Cli;

/// <summary><c>--device</c>, <c>--num_gpus</c> and <c>--min_gpu_mem</c> on every verb that extracts.</summary>
public sealed class DeviceFlagTests
{
    private static readonly DeviceRequest Cuda1 = new(DeviceKind.Cuda, 1);

    [Theory]
    [InlineData("auto", DeviceKind.Auto, null)]
    [InlineData("cpu", DeviceKind.Cpu, null)]
    [InlineData("cuda", DeviceKind.Cuda, null)]
    [InlineData("cuda:0", DeviceKind.Cuda, 0)]
    [InlineData("cuda:12", DeviceKind.Cuda, 12)]
    public void Elicit_parses_each_device_form(string text, DeviceKind kind, int? index)
    {
        var run = CliHarness.Parse<ElicitOptions>($"elicit gpt2 imdb --device {text}").Run;
        Assert.Equal(new DeviceRequest(kind, index), run.Device);
        Assert.Equal(text, run.Device.ToString());
    }

    [Fact]
    public void The_default_is_auto_with_all_gpus_and_the_default_memory_floor()
    {
        var run = CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb").Run;
        Assert.Equal(DeviceOptions.Default, run.Devices);
        Assert.Equal(new DeviceOptions(DeviceRequest.Auto, -1, null), DeviceOptions.Default);
    }

    [Fact]
    public void Eval_sweep_and_extract_take_the_device_flags()
    {
        var eval = CliHarness.Parse<EvalOptions>("eval run gpt2 imdb --device cuda:1 --num_gpus 1");
        Assert.Equal(new DeviceOptions(Cuda1, 1, null), eval.Run.Devices);

        var sweep = CliHarness.Parse<SweepOptions>("sweep --models gpt2 --datasets imdb --device cuda --num-gpus 2 --min-gpu-mem 5");
        Assert.Equal(new DeviceOptions(new DeviceRequest(DeviceKind.Cuda), 2, 5), sweep.Template.Run.Devices);

        Assert.Equal(new DeviceOptions(DeviceRequest.Cpu, 3, 7), ParseExtract("extract gpt2 imdb --device cpu --num_gpus 3 --min_gpu_mem 7").Devices);
        Assert.Equal(DeviceOptions.Default, ParseExtract("extract gpt2 imdb").Devices);
    }

    private static ExtractVerbOptions ParseExtract(string commandLine)
    {
        ExtractVerbOptions? received = null;
        Task<int> Unused<T>(T _, CcsConsole __, CancellationToken ___) => throw new InvalidOperationException("wrong verb");
        var runners = new VerbRunners(Unused, Unused, Unused, Unused, Unused, (o, _, _) => { received = o; return Task.FromResult(0); });
        int code = CcsApp.RunAsync(commandLine.Split(' '), TextWriter.Null, TextWriter.Null, runners, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(0, code);
        return received!;
    }

    [Theory]
    [InlineData("elicit gpt2 imdb --device gpu", "--device must be auto, cpu, cuda or cuda:N with N a GPU index (got 'gpu')")]
    [InlineData("elicit gpt2 imdb --device cuda:", "(got 'cuda:')")]
    [InlineData("eval run gpt2 imdb --device cuda:-1", "(got 'cuda:-1')")]
    [InlineData("extract gpt2 imdb --device CUDA", "(got 'CUDA')")]
    [InlineData("extract gpt2 imdb --device cuda:1x", "(got 'cuda:1x')")]
    [InlineData("elicit gpt2 imdb --device cuda:1 --num_gpus 2", "--device cuda:1 is one GPU, but --num_gpus 2 asks for 2")]
    [InlineData("sweep --models gpt2 --datasets imdb --device cuda:0 --num_gpus 0", "--device cuda:0 is one GPU, but --num_gpus 0 asks for the CPU")]
    [InlineData("extract gpt2 imdb --device cuda --num_gpus 0", "--device cuda cannot use --num_gpus 0, which means the CPU")]
    [InlineData("extract gpt2 imdb --min_gpu_mem -1", "--min_gpu_mem must not be negative (got -1)")]
    public void Bad_device_flags_are_one_line_usage_errors(string commandLine, string message)
    {
        var cli = new CliHarness();
        Assert.Equal(ExitCode.Usage, cli.Run(commandLine));
        Assert.Null(cli.Received);
        string line = Assert.Single(cli.Err.ToString().TrimEnd('\n').Split('\n'));
        Assert.Contains(": error: ", line);
        Assert.Contains(message, line);
    }

    [Fact]
    public void Cuda_n_goes_with_num_gpus_minus_1_or_1()
    {
        Assert.Equal(new DeviceOptions(Cuda1, -1, null), CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb --device cuda:1").Run.Devices);
        Assert.Equal(new DeviceOptions(Cuda1, 1, null), CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb --device cuda:1 --num_gpus 1").Run.Devices);
    }

    [Theory]
    [InlineData("elicit")]
    [InlineData("eval")]
    [InlineData("sweep")]
    [InlineData("extract")]
    public void Help_shows_the_device_flags_and_that_reporters_fit_on_the_cpu(string verb)
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run($"{verb} --help"));
        string help = cli.Out.ToString();
        foreach (string flag in new[] { "--device", "--num_gpus", "--min_gpu_mem", "auto|cpu|cuda|cuda:N" }) Assert.Contains(flag, help);
        Assert.Contains("Reporters are always fitted on the CPU", help);
    }

    [Fact]
    public async Task A_sweep_hands_the_devices_to_its_model_sources_runs_and_transfer_evals()
    {
        var options = CliHarness.Parse<SweepOptions>("sweep --models m --datasets a b --device cuda:1 --min_gpu_mem 9");
        var opened = new List<RunOptions>();
        var runs = new List<RunOptions>();
        var steps = new SweepSteps(
            (_, run, _) => { opened.Add(run); return new NoStates(); },
            (o, _, _, _) => { runs.Add(o.Run); Directory.CreateDirectory(o.Run.OutDir!); return Task.FromResult(0); },
            (o, _, _, _) => { runs.Add(o.Run); Directory.CreateDirectory(o.Run.OutDir!); return Task.FromResult(0); });
        using var root = new ScratchFolder();
        Assert.Equal(0, await SweepRun.RunAsync(options, ExtractionFixtures.Quiet, steps, root.Path, default));

        Assert.Equal(4, runs.Count);    // two runs and two transfer evals
        Assert.All(opened.Concat(runs), r => Assert.Equal(new DeviceOptions(Cuda1, -1, 9), r.Devices));
    }

    /// <summary>
    /// <c>--device cuda</c> on this machine (the CPU build): refused with exit code 3 and one line naming the build
    /// switch, before the model is looked at and before any run folder is made.
    /// </summary>
    [Theory]
    [InlineData("extract")]
    [InlineData("elicit")]
    public async Task Cuda_on_the_cpu_build_is_one_clear_line(string verb)
    {
        using var scratch = new ScratchFolder();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = [verb, Path.Combine(scratch.Path, "no-such-model"), SharedMaterial.Path("data", "imdb"), "--device", "cuda",
                         .. verb == "elicit" ? new[] { "--out_dir", Path.Combine(scratch.Path, "run") } : []];
        int code = await CcsApp.RunAsync(args, stdout, stderr, VerbRunners.Default, CancellationToken.None);

        Assert.Equal(ExitCode.BadInput, code);
        Assert.Equal($"ccs {verb}: error: --device cuda: this ccs is the CPU build, which cannot use CUDA; build it with " +
                     "-p:TorchBackend=cuda (README, 'GPUs (CUDA)')", Assert.Single(stderr.ToString().TrimEnd('\n').Split('\n')));
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    private sealed class NoStates : IHiddenStateSource
    {
        public Task<ExtractedSplit> LoadAsync(string dataset, SplitRole role, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not read in this test");
    }
}
