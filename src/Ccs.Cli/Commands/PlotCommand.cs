using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Options;

namespace Ccs.Cli.Commands;

/// <summary><c>ccs plot [SWEEP...]</c>: figures and a report of sweeps (spec 2.4, 9.11).</summary>
internal sealed class PlotCommand : Command
{
    private readonly Argument<string[]> _sweeps = new("SWEEP")
    {
        Description = "Sweep names under $CCS_DIR/sweeps (default: the newest sweep)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<bool> _overwrite = Flags.Bool("--overwrite",
        "Replace an existing viz/ folder (no-op when there is none)", false);

    public PlotCommand()
        : base("plot", "Draw the figures and the report of one or more sweeps.")
    {
        Add(_sweeps);
        Add(_overwrite);
    }

    public PlotOptions Bind(ParseResult result) =>
        new(result.GetValue(_sweeps)!.ToValueList(), result.GetValue(_overwrite));
}
