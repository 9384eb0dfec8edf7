using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Options;

namespace Ccs.Cli.Commands;

/// <summary><c>ccs sweep --models ... --datasets ...</c>: the model × dataset grid with transfer evals (spec 2.3, 8).</summary>
internal sealed class SweepCommand : Command
{
    private readonly Option<string[]> _models = new("--models")
    {
        Description = "Models, run in the order given",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
        Required = true,
        HelpName = "MODEL",
    };
    private readonly Option<string[]> _datasets = new("--datasets")
    {
        Description = "Dataset entries; 'a+b' pools datasets (needs --net eigen); 'burns' expands to the Burns et al. datasets",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
        Required = true,
        HelpName = "DATASET",
    };
    private readonly Option<bool> _addPooled = Flags.Bool("--add_pooled",
        "Also train on one entry pooling all datasets (needs --net eigen)", false);
    private readonly Option<double> _hparamStep = Flags.Value("--hparam_step",
        "> 0: grid over --var_weight and --neg_cov_weight in steps of this size, within [0, 1] (needs --net eigen); ≤ 0: no grid", -1.0);
    private readonly Option<bool> _skipTransferEval = Flags.Bool("--skip_transfer_eval",
        "Do not evaluate each run on the other datasets", false);
    private readonly Option<bool> _visualize = Flags.Bool("--visualize", "Run 'ccs plot' on the sweep at the end", false);
    private readonly Option<string?> _name = Flags.Optional<string?>("--name",
        "Sweep folder name under $CCS_DIR/sweeps (default: a memorable name)", "NAME");
    private readonly ExtractOptionSet _data = new("--data.seed");
    private readonly NetOptionSet _net = new();
    private readonly RunOptionSet _run = new();

    public SweepCommand()
        : base("sweep", "Run elicit over every model × dataset pair, then evaluate each run on the other datasets.")
    {
        Add(_models);
        Add(_datasets);
        Add(_addPooled);
        Add(_hparamStep);
        Add(_skipTransferEval);
        Add(_visualize);
        Add(_name);
        _data.AddTo(this);
        _net.AddTo(this);
        _run.AddTo(this);
    }

    public SweepOptions Bind(ParseResult result, Action<string> warn, Action<string> inform)
    {
        string[] datasets = result.GetValue(_datasets)!;
        string[] models = result.GetValue(_models)!;
        if (datasets.Length == 0) throw new UsageException("No datasets specified");
        if (models.Length == 0) throw new UsageException("No models specified");
        if (result.IsGiven(_run.OutDir))
            throw new UsageException("sweep chooses every run's folder itself: use --name instead of --out_dir");

        double step = result.GetValue(_hparamStep);
        bool eigen = _net.IsEigen(result);
        if (step > 0 && !eigen) throw new UsageException("Can only use hparam_step with --net eigen");
        if (step > 1) throw new UsageException("hparam_step must be in [0, 1]");

        bool addPooled = result.GetValue(_addPooled);
        var entries = SweepDatasets.Process(datasets, addPooled, inform);
        string? pooled = entries.FirstOrDefault(e => e.Contains('+'));
        if (pooled is not null && !eigen)
            throw new UsageException(
                $"the pooled entry '{pooled}' needs --net eigen: CCS trains on one dataset at a time");

        var template = ElicitCommand.BindTemplate(result, _data, _net, _run, warn);
        return new SweepOptions(
            Models: models.ToValueList(),
            Datasets: entries,
            AddPooled: addPooled,
            HparamStep: step,
            SkipTransferEval: result.GetValue(_skipTransferEval),
            Visualize: result.GetValue(_visualize),
            Name: result.GetValue(_name),
            Template: template);
    }
}
