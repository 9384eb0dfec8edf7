using Ccs.Options;

namespace Ccs.Runs;

/// <summary>Runs <c>ccs sweep</c>.</summary>
public static class SweepRun
{
    public static Task<int> RunAsync(SweepOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        throw new CcsException(ExitCode.NotImplemented, "the sweep pipeline is not implemented yet");
    }
}
