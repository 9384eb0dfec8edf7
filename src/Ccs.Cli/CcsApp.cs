using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Ccs.Cli.Commands;
using Ccs.Cli.Parsing;
using Ccs.Runs;

namespace Ccs.Cli;

/// <summary>
/// The command-line front end: parses the arguments into the verb's options record and hands it to the verb's
/// runner. Errors the user can fix become one line on stderr and a named exit code (<see cref="ExitCode"/>);
/// the stack trace is shown only with <c>-v/--verbose</c>.
/// </summary>
public static class CcsApp
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, VerbRunners runners, CancellationToken cancellationToken)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show stack traces and extra diagnostics", Recursive = true };
        var elicit = new ElicitCommand();
        var eval = new EvalCommand();
        var sweep = new SweepCommand();
        var plot = new PlotCommand();
        var bench = new BenchCommand();
        var prompts = new PromptsCommand();
        var extract = new ExtractCommand();
        var root = new RootCommand(
            "ccs: elicit latent knowledge from language models without labels (CCS, CRC/VINC), " +
            "a .NET re-creation of EleutherAI's ccs/elk.")
        {
            verbose, elicit, eval, sweep, plot, prompts, extract, bench,
        };

        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new VersionAction();

        bool isVerbose = args.Contains("-v") || args.Contains("--verbose");
        string prefix = "ccs";
        try
        {
            var result = root.Parse(BooleanFlagSyntax.Rewrite(args, root));
            Command command = result.CommandResult.Command;
            if (command != root) prefix = "ccs " + command.Name;

            // No command has an action of its own (bench's only marks it runnable), so any other action without parse
            // errors is --help or --version.
            if (result.Action is HelpAction || (result.Errors.Count == 0 && result.Action is not null and not BenchCommand.RunnerAction))
            {
                return await result.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
            }
            if (result.Errors.Count > 0)
            {
                return Fail(stderr, prefix, ExitCode.Usage, $"{DescribeFirstError(result)} (see '{prefix} --help')");
            }
            if (UnknownOptionInPositionals(result) is { } unknown)
            {
                return Fail(stderr, prefix, ExitCode.Usage, $"Unrecognized option '{unknown}' (see '{prefix} --help')");
            }
            var console = new CcsConsole(stdout, stderr, result.GetValue(verbose));
            return command switch
            {
                ElicitCommand => await runners.Elicit(elicit.Bind(result, console.Warn), console, cancellationToken),
                EvalCommand => await runners.Eval(eval.Bind(result, console.Warn), console, cancellationToken),
                SweepCommand => await runners.Sweep(sweep.Bind(result, console.Warn, stdout.WriteLine), console, cancellationToken),
                PlotCommand => await runners.Plot(plot.Bind(result), console, cancellationToken),
                BenchCommand.ForwardCommand => await runners.BenchForward(bench.Forward.Bind(result), console, cancellationToken),
                BenchCommand => await runners.Bench(bench.Bind(result), console, cancellationToken),
                PromptsCommand => await runners.Prompts(prompts.Bind(result), console, cancellationToken),
                ExtractCommand => await runners.ExtractOrDefault(extract.Bind(result, console.Warn), console, cancellationToken),
                _ => Fail(stderr, prefix, ExitCode.Usage, $"{prefix} needs a verb (see '{prefix} --help')"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine($"{prefix}: cancelled");
            return ExitCode.Cancelled;
        }
        catch (CcsException e)
        {
            if (isVerbose) stderr.WriteLine(e);
            return Fail(stderr, prefix, e.ExitCode, e.Message);
        }
        catch (Exception e)
        {
            if (isVerbose) stderr.WriteLine(e);
            string hint = isVerbose ? "" : " (run with --verbose for the stack trace)";
            return Fail(stderr, prefix, ExitCode.InternalError, $"internal error: {e.GetType().Name}: {e.Message}{hint}");
        }
    }

    /// <summary>
    /// System.CommandLine hands an unknown <c>--flag</c> to a variadic positional (DATASET...) instead of failing;
    /// argparse rejected it. Models and datasets never start with '-', and negative numbers are never positional.
    /// </summary>
    private static string? UnknownOptionInPositionals(ParseResult result) =>
        result.CommandResult.Command.Arguments
            .SelectMany(argument => result.GetResult(argument)?.Tokens ?? [])
            .Select(token => token.Value)
            .FirstOrDefault(value => value.Length > 1 && value[0] == '-');

    /// <summary>The most useful parse error, naming the option it concerns when System.CommandLine does not.</summary>
    private static string DescribeFirstError(ParseResult result)
    {
        var error = result.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
                    ?? result.Errors[0];
        Option? option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        return option is null || error.Message.Contains(option.Name, StringComparison.Ordinal)
            ? error.Message
            : $"{option.Name}: {error.Message}";
    }

    private static int Fail(TextWriter stderr, string prefix, int exitCode, string message)
    {
        // One line, always: a multi-line message would be hard to grep and to show in a progress display.
        string oneLine = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        stderr.WriteLine($"{prefix}: error: {oneLine}");
        return exitCode;
    }
}
