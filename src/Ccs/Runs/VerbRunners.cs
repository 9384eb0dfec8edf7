using Ccs.Benchmarks;
using Ccs.Extraction;
using Ccs.Options;
using Ccs.Pipeline;

namespace Ccs.Runs;

/// <summary>What each verb does with its parsed options. Tests substitute these to inspect the records.</summary>
public sealed record VerbRunners(
    Func<ElicitOptions, CcsConsole, CancellationToken, Task<int>> Elicit,
    Func<EvalOptions, CcsConsole, CancellationToken, Task<int>> Eval,
    Func<SweepOptions, CcsConsole, CancellationToken, Task<int>> Sweep,
    Func<PlotOptions, CcsConsole, CancellationToken, Task<int>> Plot,
    Func<ForwardBenchmarkOptions, CcsConsole, CancellationToken, Task<int>> BenchForward,
    Func<ExtractVerbOptions, CcsConsole, CancellationToken, Task<int>>? Extract = null)
{
    /// <summary><c>ccs extract</c>; null runs <see cref="ExtractRun"/>.</summary>
    public Func<ExtractVerbOptions, CcsConsole, CancellationToken, Task<int>> ExtractOrDefault => Extract ?? ExtractRun.RunAsync;

    public static VerbRunners Default { get; } =
        new(ElicitRun.RunAsync, EvalRun.RunAsync, SweepRun.RunAsync, PlotRun.RunAsync, ForwardBenchmark.RunAsync);

    /// <summary><c>ccs prompts</c> (an init property, so existing constructions keep their shape).</summary>
    public Func<PromptsOptions, CcsConsole, CancellationToken, Task<int>> Prompts { get; init; } = PromptsRun.RunAsync;

    /// <summary><c>ccs bench</c> (an init property, so existing constructions keep their shape).</summary>
    public Func<ExtractionBenchmarkOptions, CcsConsole, CancellationToken, Task<int>> Bench { get; init; } = ExtractionBenchmark.RunAsync;
}
