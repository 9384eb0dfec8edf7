using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Ccs.Devices;

namespace Ccs.Cli;

/// <summary>
/// <c>ccs --version</c>: the tool's version and the torch runtime it loaded. Loading libtorch here makes
/// <c>--version</c> a one-line check that an installation really works.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        string version = typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
        TextWriter output = parseResult.InvocationConfiguration.Output;
        try
        {
            output.WriteLine($"ccs {version} ({TorchRuntime.Describe()})");
            return ExitCode.Success;
        }
        catch (CcsException e)
        {
            output.WriteLine($"ccs {version}");
            parseResult.InvocationConfiguration.Error.WriteLine($"ccs: error: {e.Message}");
            return e.ExitCode;
        }
    }
}
