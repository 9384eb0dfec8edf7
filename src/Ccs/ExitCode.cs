namespace Ccs;

/// <summary>Process exit codes of the <c>ccs</c> command. Scripts may rely on them.</summary>
public static class ExitCode
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;
    /// <summary>An unexpected internal failure (a bug): reported with its stack trace under --verbose.</summary>
    public const int InternalError = 1;
    /// <summary>The command line is wrong: unknown flag, bad value, missing argument, conflicting options.</summary>
    public const int Usage = 2;
    /// <summary>An input named on the command line cannot be used (missing file, corrupt checkpoint, bad dataset).</summary>
    public const int BadInput = 3;
    /// <summary>The requested pipeline is not available in this version of the tool.</summary>
    public const int NotImplemented = 4;
    /// <summary>Cancelled by the user (Ctrl-C / SIGINT), as shells report 128 + SIGINT.</summary>
    public const int Cancelled = 130;
}

/// <summary>An error the user can fix. Printed as one line on stderr (no stack trace unless --verbose).</summary>
public class CcsException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The command line is wrong (exit code <see cref="Ccs.ExitCode.Usage"/>).</summary>
public sealed class UsageException(string message) : CcsException(Ccs.ExitCode.Usage, message);
