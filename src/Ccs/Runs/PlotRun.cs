using Ccs.Options;

namespace Ccs.Runs;

/// <summary>Runs <c>ccs plot</c>.</summary>
public static class PlotRun
{
    public static Task<int> RunAsync(PlotOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        throw new CcsException(ExitCode.NotImplemented, "the plot pipeline is not implemented yet");
    }
}
