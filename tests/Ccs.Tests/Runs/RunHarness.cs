using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Cli;

namespace Ccs.Tests.Runs;

/// <summary>Runs <c>elicit</c> / <c>eval</c> in-process on the reference hidden states, with options parsed by the real CLI.</summary>
internal static class RunHarness
{
    public sealed record Result(int Code, string Output);

    public static Result Elicit(string commandLine, string? root = null, Func<ExtractOptions, ReferenceHiddenStates>? source = null)
    {
        var options = CliHarness.Parse<ElicitOptions>(commandLine);
        var output = new StringWriter();
        int code = ElicitRun.RunAsync(options, new CcsConsole(output, output, false), Source(options.Data, source), CancellationToken.None, root)
            .GetAwaiter().GetResult();
        return new Result(code, output.ToString());
    }

    public static Result Eval(string commandLine, string? root = null, Func<ExtractOptions, ReferenceHiddenStates>? source = null)
    {
        var options = CliHarness.Parse<EvalOptions>(commandLine);
        var output = new StringWriter();
        int code = EvalRun.RunAsync(options, new CcsConsole(output, output, false), Source(options.Data, source), CancellationToken.None, root)
            .GetAwaiter().GetResult();
        return new Result(code, output.ToString());
    }

    /// <summary>The run's failure as the user would see it (one line), asserting it is a bad-input error.</summary>
    public static string BadInput(Action run)
    {
        var e = Assert.ThrowsAny<CcsException>(run);
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    private static ReferenceHiddenStates Source(ExtractOptions data, Func<ExtractOptions, ReferenceHiddenStates>? source) =>
        source?.Invoke(data) ?? new ReferenceHiddenStates(data);
}
