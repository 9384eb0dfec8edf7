using Ccs.Options;

namespace Ccs.Runs;

/// <summary>Runs <c>ccs eval</c>.</summary>
public static class EvalRun
{
    public static Task<int> RunAsync(EvalOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        throw new CcsException(ExitCode.NotImplemented, "the eval pipeline is not implemented yet");
    }
}
