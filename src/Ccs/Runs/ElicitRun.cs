using Ccs.Options;

namespace Ccs.Runs;

/// <summary>Runs <c>ccs elicit</c>.</summary>
public static class ElicitRun
{
    public static Task<int> RunAsync(ElicitOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        throw new CcsException(ExitCode.NotImplemented, "the elicit pipeline is not implemented yet");
    }
}
