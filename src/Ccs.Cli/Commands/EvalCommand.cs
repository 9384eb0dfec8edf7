using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Options;

namespace Ccs.Cli.Commands;

/// <summary><c>ccs eval SOURCE MODEL DATASET...</c>: apply a run's reporters to other datasets (spec 2.2).</summary>
internal sealed class EvalCommand : Command
{
    private readonly Argument<string> _source = new("SOURCE")
    {
        Description = "The training run: a folder relative to $CCS_DIR (default ~/ccs-reporters), e.g. gpt2/imdb/naughty-northcutt, or an absolute path",
    };
    private readonly Argument<string> _model = new("MODEL") { Description = "Hugging Face model id or local model folder (the one the run was trained on)" };
    private readonly Argument<string[]> _datasets = new("DATASET")
    {
        Description = "Datasets to evaluate on (their validation split)",
        Arity = ArgumentArity.OneOrMore,
    };
    private readonly ExtractOptionSet _data = new("--seed");
    private readonly RunOptionSet _run = new();
    private readonly Option<bool> _skipSupervised = Flags.Bool("--skip_supervised",
        "Do not evaluate the source run's logistic-regression models", false);

    public EvalCommand()
        : base("eval", "Evaluate the reporters of an earlier elicit run on other datasets (transfer).")
    {
        Add(_source);
        Add(_model);
        Add(_datasets);
        _data.AddTo(this);
        _run.AddTo(this);
        Add(_skipSupervised);
    }

    public EvalOptions Bind(ParseResult result, Action<string> warn) =>
        new(Source: result.GetValue(_source)!,
            Data: _data.Bind(result, result.GetValue(_model)!, result.GetValue(_datasets)!, warn),
            Run: _run.Bind(result),
            SkipSupervised: result.GetValue(_skipSupervised));
}
