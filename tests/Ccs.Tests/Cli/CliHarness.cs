using Ccs.Cli;
using Ccs.Options;
using Ccs.Runs;

namespace Ccs.Tests.Cli;

/// <summary>Runs the real command-line front end in-process and captures what the runner received.</summary>
internal sealed class CliHarness
{
    public object? Received { get; private set; }
    public StringWriter Out { get; } = new();
    public StringWriter Err { get; } = new();

    public int Run(string commandLine, CancellationToken cancellationToken = default) =>
        Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);

    public int Run(string[] args, CancellationToken cancellationToken = default, Func<CancellationToken, Task<int>>? runner = null)
    {
        Task<int> Capture(object options, CancellationToken ct)
        {
            Received = options;
            return runner is null ? Task.FromResult(0) : runner(ct);
        }
        var runners = new VerbRunners(
            (o, _, ct) => Capture(o, ct),
            (o, _, ct) => Capture(o, ct),
            (o, _, ct) => Capture(o, ct),
            (o, _, ct) => Capture(o, ct),
            (o, _, ct) => Capture(o, ct));
        return CcsApp.RunAsync(args, Out, Err, runners, cancellationToken).GetAwaiter().GetResult();
    }

    public static T Parse<T>(string commandLine)
    {
        var cli = new CliHarness();
        int code = cli.Run(commandLine);
        Assert.True(code == 0, $"'{commandLine}' failed with {code}: {cli.Err}");
        return Assert.IsType<T>(cli.Received);
    }

    /// <summary>The defaults of the original for <c>ccs elicit MODEL DATASET</c> (spec 2.5, 9.3).</summary>
    public static ExtractOptions DefaultData(string model, params string[] datasets) => new(
        Model: model, Datasets: datasets.ToValueList(), DataDirs: ValueList<string>.Empty, Binarize: false, Int8: false,
        MaxExamplesTrain: 1000, MaxExamplesVal: 1000, NumShots: 0, NumVariants: -1, Balance: true,
        Layers: ValueList<int>.Empty, LayerStride: 1, Seed: 42, TemplatePath: null, TokenLoc: TokenLoc.Last,
        UseEncoderStates: false);

    public static CcsNetOptions DefaultCcs() => new(
        Seed: 42, Activation: CcsActivation.Gelu, Bias: true, HiddenSize: null, Init: CcsInit.Default,
        Loss: ValueList.Of(new LossTerm("ccs", 1.0)), Norm: CcsNorm.MeanOnly, NumLayers: 1, PreLn: false,
        SupervisedWeight: 0.0, Lr: 0.01, NumEpochs: 1000, NumTries: 10, Optimizer: CcsOptimizer.Lbfgs, WeightDecay: 0.01);

    public static EigenNetOptions DefaultEigen() => new(
        Seed: 42, VarWeight: 0.0, NegCovWeight: 0.5, NumHeads: 1, SaveReporterStats: false, ErasePrompts: false,
        UseCentroids: true);

    public static RunOptions DefaultRun() => new(
        OutDir: null, PromptIndices: ValueList<int>.Empty, SaveLogprobs: false, ConcatenatedLayerOffset: 0,
        Debug: false, MinGpuMem: null, NumGpus: -1, DisableCache: false);
}
