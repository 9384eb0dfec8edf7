using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Options;

namespace Ccs.Cli.Commands;

/// <summary>The data / extraction flags of elicit, eval and sweep (spec 2.5.1).</summary>
internal sealed class ExtractOptionSet
{
    private readonly Option<string[]> _dataDirs = Flags.List<string>("--data_dirs",
        "Accepted for compatibility and ignored with a warning: the original never used them either. Length 0, 1 or one per dataset.", "DIR");
    private readonly Option<bool> _binarize = Flags.Bool("--binarize",
        "Turn multi-class datasets into binary contrast pairs: the true class against one random other class", false);
    private readonly Option<bool> _int8 = Flags.Bool("--int8",
        "Load the model with 8-bit weights. Not supported by ccs (the original needed bitsandbytes): rejected", false);
    private readonly Option<int[]> _maxExamples = new("--max_examples", Flags.Aliases("--max_examples"))
    {
        Description = "Maximum number of examples extracted from the train and the validation split",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [ExtractOptions.DefaultMaxExamples, ExtractOptions.DefaultMaxExamples],
        HelpName = "TRAIN VAL",
    };
    private readonly Option<int> _numShots = Flags.Value("--num_shots",
        "Number of few-shot demonstrations prepended to every prompt", 0);
    private readonly Option<int> _numVariants = Flags.Value("--num_variants",
        "Deprecated and ignored (as in the original): use --prompt_indices", -1);
    private readonly Option<bool> _balance = Flags.Bool("--balance",
        "Class-balance the example stream", true);
    private readonly Option<int[]> _layers = Flags.List<int>("--layers",
        "Layer indices to extract, 0 = embedding output, L = last block (default: all of 0..L). Not with --layer_stride > 1", "N");
    private readonly Option<int> _layerStride = Flags.Value("--layer_stride",
        "Extract layers 0, 1, 1+s, 1+2s, … ≤ L; values ≤ 1 mean every layer", 1);
    private readonly Option<int> _seed;
    private readonly Option<string?> _templatePath = Flags.Optional<string?>("--template_path",
        "A promptsource templates.yaml file or folder to use instead of the built-in templates", "PATH");
    private readonly Option<string> _tokenLoc = Flags.Choice("--token_loc",
        "Which token's hidden state to keep: first, last (the last answer token) or the mean over real tokens",
        "last", "first", "last", "mean");
    private readonly Option<bool> _useEncoderStates = Flags.Bool("--use_encoder_states",
        "Encoder-decoder models: use the encoder's hidden states instead of the decoder's", false);

    /// <param name="seedName"><c>--data.seed</c> for elicit and sweep (the net has a seed too), <c>--seed</c> for eval.</param>
    public ExtractOptionSet(string seedName)
    {
        _seed = Flags.Value(seedName, "Seed of the data side: shuffling, binarization and few-shot sampling", ExtractOptions.DefaultSeed);
    }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
                 {
                     _dataDirs, _binarize, _int8, _maxExamples, _numShots, _numVariants, _balance, _layers,
                     _layerStride, _seed, _templatePath, _tokenLoc, _useEncoderStates,
                 })
            command.Add(option);
    }

    public ExtractOptions Bind(ParseResult result, string model, IReadOnlyList<string> datasets, Action<string> warn)
    {
        string[] dataDirs = result.GetValue(_dataDirs)!;
        if (dataDirs.Length > 1 && dataDirs.Length != datasets.Count)
            throw new UsageException(
                $"data_dirs should be a list of length 0, 1, or len(datasets), but got {dataDirs.Length}");
        if (dataDirs.Length > 0)
            warn("--data_dirs is ignored, as in the original: datasets are read from the Hugging Face cache");

        if (result.GetValue(_int8))
            throw new UsageException("--int8 is not supported: ccs loads weights in the checkpoint's own dtype, without bitsandbytes");

        int[] maxExamples = result.GetValue(_maxExamples)!;
        if (maxExamples.Any(m => m < 0))
            throw new UsageException($"--max_examples must not be negative (got {maxExamples[0]} {maxExamples[1]})");

        int numShots = result.GetValue(_numShots);
        if (numShots < 0) throw new UsageException($"--num_shots must not be negative (got {numShots})");

        int numVariants = result.GetValue(_numVariants);
        if (numVariants != -1) warn("num_variants is deprecated; use prompt_indices instead.");

        int[] layers = result.GetValue(_layers)!;
        int layerStride = result.GetValue(_layerStride);
        if (layers.Length > 0 && layerStride > 1)
            throw new UsageException("Cannot use both --layers and --layer_stride. Please use only one.");
        if (layers.Any(l => l < 0))
            throw new UsageException($"--layers must be non-negative layer indices (got {string.Join(" ", layers)}); 0 is the embedding output");

        return new ExtractOptions(
            Model: model,
            Datasets: datasets.ToValueList(),
            DataDirs: dataDirs.ToValueList(),
            Binarize: result.GetValue(_binarize),
            Int8: false,
            MaxExamplesTrain: maxExamples[0],
            MaxExamplesVal: maxExamples[1],
            NumShots: numShots,
            NumVariants: numVariants,
            Balance: result.GetValue(_balance),
            Layers: layers.ToValueList(),
            LayerStride: layerStride,
            Seed: result.GetValue(_seed),
            TemplatePath: result.GetValue(_templatePath),
            TokenLoc: Flags.ParseEnum<TokenLoc>(result.GetValue(_tokenLoc)!),
            UseEncoderStates: result.GetValue(_useEncoderStates));
    }
}
