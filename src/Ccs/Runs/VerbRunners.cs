using Ccs.Benchmarks;
using Ccs.Options;

namespace Ccs.Runs;

/// <summary>What each verb does with its parsed options. Tests substitute these to inspect the records.</summary>
public sealed record VerbRunners(
    Func<ElicitOptions, CcsConsole, CancellationToken, Task<int>> Elicit,
    Func<EvalOptions, CcsConsole, CancellationToken, Task<int>> Eval,
    Func<SweepOptions, CcsConsole, CancellationToken, Task<int>> Sweep,
    Func<PlotOptions, CcsConsole, CancellationToken, Task<int>> Plot,
    Func<ForwardBenchmarkOptions, CcsConsole, CancellationToken, Task<int>> BenchForward)
{
    public static VerbRunners Default { get; } =
        new(ElicitRun.RunAsync, EvalRun.RunAsync, SweepRun.RunAsync, PlotRun.RunAsync, ForwardBenchmark.RunAsync);
}
