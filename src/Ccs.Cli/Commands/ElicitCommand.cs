using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Options;

namespace Ccs.Cli.Commands;

/// <summary><c>ccs elicit MODEL DATASET...</c>: extract hidden states, fit reporters, evaluate (spec 2.1).</summary>
internal sealed class ElicitCommand : Command
{
    private readonly Argument<string> _model = Flags.ModelArgument();
    private readonly Argument<string[]> _datasets = Flags.DatasetsArgument();
    private readonly ExtractOptionSet _data = new("--data.seed");
    private readonly NetOptionSet _net = new();
    private readonly RunOptionSet _run = new();

    public ElicitCommand()
        : base("elicit", "Extract hidden states of contrast pairs, fit reporters on the train split and evaluate them on the validation split.")
    {
        Add(_model);
        Add(_datasets);
        _data.AddTo(this);
        _net.AddTo(this);
        _run.AddTo(this);
    }

    public ElicitOptions Bind(ParseResult result, Action<string> warn)
    {
        string[] datasets = result.GetValue(_datasets)!;
        var data = _data.Bind(result, result.GetValue(_model)!, datasets, warn);
        var (net, supervised) = _net.Bind(result, warn);
        if (net is CcsNetOptions && datasets.Length > 1)
            throw new UsageException(
                $"--net ccs trains on one dataset at a time, but {datasets.Length} were given; use --net eigen to pool datasets");
        return new ElicitOptions(data, net, supervised, _run.Bind(result));
    }

    /// <summary>Used by sweep: the same options with the per-run model and datasets left empty.</summary>
    public static ElicitOptions BindTemplate(ParseResult result, ExtractOptionSet data, NetOptionSet net, RunOptionSet run, Action<string> warn)
    {
        var extract = data.Bind(result, model: "", datasets: [], warn);
        var (netOptions, supervised) = net.Bind(result, warn);
        return new ElicitOptions(extract, netOptions, supervised, run.Bind(result));
    }
}
