using Ccs.Options;

namespace Ccs.Runs;

/// <summary>
/// What a sweep does for each model and cell. A model's hidden-state source is opened when its first unfinished cell
/// runs and is shared by all its cells and transfer evals, so the model is loaded at most once per sweep (and not at
/// all when every split it is asked for is cached); the sweep disposes it when the model is done. Tests substitute these.
/// </summary>
/// <param name="OpenModel">The source of one model's hidden states, from the run template's data options with that model.</param>
public sealed record SweepSteps(
    Func<ExtractOptions, RunOptions, CcsConsole, IHiddenStateSource> OpenModel,
    Func<ElicitOptions, CcsConsole, IHiddenStateSource, CancellationToken, Task<int>> Elicit,
    Func<EvalOptions, CcsConsole, IHiddenStateSource, CancellationToken, Task<int>> Eval)
{
    public static SweepSteps Default { get; } = new(
        (data, run, console) => HiddenStateSources.For("sweep", data, run, console),
        (options, console, source, cancellationToken) => ElicitRun.RunAsync(options, console, source, cancellationToken),
        (options, console, source, cancellationToken) => EvalRun.RunAsync(options, console, source, cancellationToken));
}
