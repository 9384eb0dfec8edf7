using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Data;
using Ccs.Options;
using Ccs.Pipeline;

namespace Ccs.Cli.Commands;

/// <summary><c>ccs prompts DATASET</c>: the contrast pairs elicit would feed the model (not part of the original tool).</summary>
internal sealed class PromptsCommand : Command
{
    private readonly Argument<string> _dataset = new("DATASET")
    {
        Description = "Local data file or folder, or Hugging Face hub dataset NAME[:CONFIG]",
    };
    private readonly Option<string?> _templatePath = Flags.Optional<string?>("--template_path",
        "A promptsource templates.yaml file or the folder holding one", "PATH");
    private readonly Option<int> _num = Flags.Value("--num", "How many examples of the stream to show", PromptsOptions.DefaultCount, helpName: "N");
    private readonly Option<string> _split = Flags.Choice("--split",
        "Which stream: the split elicit trains on (train) or the one it validates on (val)", "val", "train", "val");
    private readonly Option<bool> _binarize = Flags.Bool("--binarize",
        "Contrast the true class with one random other class", false);
    private readonly Option<int> _numShots = Flags.Value("--num_shots",
        "Number of few-shot demonstrations prepended to every prompt", 0, helpName: "N");
    private readonly Option<int> _seed = Flags.Value("--seed",
        "Seed of the data side: shuffling, binarization and few-shot sampling (elicit's --data.seed)", ExtractOptions.DefaultSeed, helpName: "N");
    private readonly Option<bool> _balance = Flags.Bool("--balance", "Class-balance the example stream", true);

    public PromptsCommand()
        : base("prompts", "Show the contrast pairs of a dataset's first examples as the model reads them: every template's "
                          + "question, then each answer (the model reads the question followed by \" \" + answer).")
    {
        Add(_dataset);
        foreach (Option option in new Option[] { _templatePath, _num, _split, _binarize, _numShots, _seed, _balance }) Add(option);
    }

    public PromptsOptions Bind(ParseResult result)
    {
        int num = result.GetValue(_num), numShots = result.GetValue(_numShots), seed = result.GetValue(_seed);
        if (num < 0) throw new UsageException($"--num must not be negative (got {num})");
        if (numShots < 0) throw new UsageException($"--num_shots must not be negative (got {numShots})");
        if (seed < 0) throw new UsageException($"--seed must not be negative (got {seed})");
        return new PromptsOptions(
            Dataset: result.GetValue(_dataset)!,
            TemplatePath: result.GetValue(_templatePath),
            Count: num,
            Split: result.GetValue(_split) == "train" ? SplitRole.Train : SplitRole.Validation,
            Binarize: result.GetValue(_binarize),
            NumShots: numShots,
            Seed: seed,
            Balance: result.GetValue(_balance));
    }
}
