using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Options;

namespace Ccs.Cli.Commands;

/// <summary>
/// <c>--net ccs|eigen</c> with each family's own flags (spec 2.5.2) and <c>--supervised</c>.
/// Only the chosen family's flags are accepted, as in the original.
/// </summary>
internal sealed class NetOptionSet
{
    private readonly Option<string> _net = Flags.Choice("--net",
        "Reporter family: ccs (contrast-consistent search) or eigen (CRC / VINC)", "ccs", "ccs", "eigen");
    private readonly Option<int> _seed = Flags.Value("--net.seed",
        "Training seed; layer ℓ is trained with seed + ℓ", NetOptions.DefaultSeed);
    private readonly Option<string> _supervised = Flags.Choice("--supervised",
        "Supervised logistic-regression baseline: none, single, inlp (iterative nullspace projection) or cv (cross-validated); " +
        "its metrics go to lr_eval.csv. Unlike the original, the partial/full rows of eval.csv are always the reporter's own " +
        "(the original wrote the last LR model's metrics there)",
        "single", "none", "single", "inlp", "cv");

    // --net ccs
    private readonly Option<string> _activation = Flags.Choice("--activation",
        "[ccs] MLP activation (only with --num_layers ≥ 2)", "gelu", "gelu", "relu", "swish");
    private readonly Option<bool> _bias = Flags.Bool("--bias", "[ccs] Bias in every linear layer", true);
    private readonly Option<int?> _hiddenSize = Flags.Optional<int?>("--hidden_size",
        "[ccs] MLP hidden width (only with --num_layers ≥ 2; none = floor(4·d/3))", "N");
    private readonly Option<string> _init = Flags.Choice("--init",
        "[ccs] Probe initialisation of every try", "default", "default", "pca", "spherical", "zero");
    private readonly Option<string[]> _loss = new("--loss")
    {
        Description = "[ccs] Loss terms 'name' or 'coef*name' (coef like 1, 0.5, 2.), summed in order; names: " +
                      string.Join(", ", LossTerm.Names) + ". A bare --loss means ccs_prompt_var [default: ccs]",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
        HelpName = "TERM",
    };
    private readonly Option<string> _norm = Flags.Choice("--norm",
        "[ccs] Normalisation of the hidden states", "meanonly", "leace", "burns", "meanonly");
    private readonly Option<int> _numLayers = Flags.Value("--num_layers", "[ccs] Probe depth: 1 = linear probe, ≥ 2 = MLP", 1);
    private readonly Option<bool> _preLn = Flags.Bool("--pre_ln", "[ccs] LayerNorm (no affine) before the first linear layer", false);
    private readonly Option<double> _supervisedWeight = Flags.Value("--supervised_weight",
        "[ccs] Accepted for compatibility and ignored with a warning (the original never used it)", 0.0);
    private readonly Option<double> _lr = Flags.Value("--lr", "[ccs] Adam learning rate (L-BFGS ignores it)", 0.01);
    private readonly Option<int> _numEpochs = Flags.Value("--num_epochs", "[ccs] Adam steps, or L-BFGS max_iter", 1000);
    private readonly Option<int> _numTries = Flags.Value("--num_tries", "[ccs] Random restarts; the lowest loss wins", 10);
    private readonly Option<string> _optimizer = Flags.Choice("--optimizer",
        "[ccs] Optimiser: lbfgs (with strong-Wolfe line search) or adam", "lbfgs", "adam", "lbfgs");
    private readonly Option<double> _weightDecay = Flags.Value("--weight_decay", "[ccs] L2 penalty on the probe weights", 0.01);

    // --net eigen
    private readonly Option<double> _varWeight = Flags.Value("--var_weight", "[eigen] Weight of the inter-cluster variance", 0.0);
    private readonly Option<double> _negCovWeight = Flags.Value("--neg_cov_weight",
        "[eigen] Weight of the negative covariance, in [0, 1]; the invariance weight is 1 minus this", 0.5);
    private readonly Option<int> _numHeads = Flags.Value("--num_heads",
        "[eigen] Number of eigenvectors; only 1 is supported (the original crashed on more)", 1);
    private readonly Option<bool> _saveReporterStats = Flags.Bool("--save_reporter_stats",
        "[eigen] Accepted for compatibility and ignored with a warning (the original never used it)", false);
    private readonly Option<bool> _erasePrompts = Flags.Bool("--erase_prompts",
        "[eigen] Also erase template identity with LEACE", false);
    private readonly Option<bool> _useCentroids = Flags.Bool("--use_centroids",
        "[eigen] Average over templates before the (co)variance terms", true);

    private Option[] CcsOnly => [_activation, _bias, _hiddenSize, _init, _loss, _norm, _numLayers, _preLn, _supervisedWeight, _lr, _numEpochs, _numTries, _optimizer, _weightDecay];
    private Option[] EigenOnly => [_varWeight, _negCovWeight, _numHeads, _saveReporterStats, _erasePrompts, _useCentroids];

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _net, _seed, _supervised }.Concat(CcsOnly).Concat(EigenOnly))
            command.Add(option);
    }

    public bool IsEigen(ParseResult result) => result.GetValue(_net) == "eigen";

    public (NetOptions Net, SupervisedMode Supervised) Bind(ParseResult result, Action<string> warn)
    {
        bool eigen = IsEigen(result);
        Option? foreign = (eigen ? CcsOnly : EigenOnly).FirstOrDefault(result.IsGiven);
        if (foreign is not null)
            throw new UsageException(
                $"{foreign.Name} is a --net {(eigen ? "ccs" : "eigen")} option, but this run uses --net {(eigen ? "eigen" : "ccs")}");

        var supervised = Flags.ParseEnum<SupervisedMode>(result.GetValue(_supervised)!);
        int seed = result.GetValue(_seed);
        return (eigen ? BindEigen(result, seed, warn) : BindCcs(result, seed, warn), supervised);
    }

    private EigenNetOptions BindEigen(ParseResult result, int seed, Action<string> warn)
    {
        double negCovWeight = result.GetValue(_negCovWeight);
        if (!(negCovWeight >= 0 && negCovWeight <= 1)) throw new UsageException("neg_cov_weight must be in [0, 1]");
        int numHeads = result.GetValue(_numHeads);
        if (numHeads <= 0) throw new UsageException("num_heads must be positive");
        if (numHeads != 1)
            throw new UsageException($"--num_heads {numHeads} is not supported (the original crashed in Platt scaling); use 1");
        bool saveStats = result.GetValue(_saveReporterStats);
        if (saveStats) warn("--save_reporter_stats is ignored, as in the original");
        return new EigenNetOptions(
            Seed: seed,
            VarWeight: result.GetValue(_varWeight),
            NegCovWeight: negCovWeight,
            NumHeads: numHeads,
            SaveReporterStats: saveStats,
            ErasePrompts: result.GetValue(_erasePrompts),
            UseCentroids: result.GetValue(_useCentroids));
    }

    private CcsNetOptions BindCcs(ParseResult result, int seed, Action<string> warn)
    {
        var loss = result.GetResult(_loss) is { } lossResult
            ? LossSpec.Parse(lossResult.Tokens.Select(t => t.Value).ToArray())
            : LossSpec.Default;
        var init = Flags.ParseEnum<CcsInit>(result.GetValue(_init)!);
        int numLayers = result.GetValue(_numLayers);
        bool preLn = result.GetValue(_preLn);
        if (numLayers < 1) throw new UsageException($"--num_layers must be at least 1 (got {numLayers})");
        if (init is CcsInit.Pca or CcsInit.Spherical && (preLn || numLayers > 1))
            throw new UsageException(
                $"--init {result.GetValue(_init)} needs a linear probe without --pre_ln (--num_layers 1); the original crashed here");
        int numTries = result.GetValue(_numTries);
        if (numTries < 1) throw new UsageException($"--num_tries must be at least 1 (got {numTries})");
        int numEpochs = result.GetValue(_numEpochs);
        if (numEpochs < 1) throw new UsageException($"--num_epochs must be at least 1 (got {numEpochs})");
        int? hiddenSize = result.GetValue(_hiddenSize);
        if (hiddenSize < 1) throw new UsageException($"--hidden_size must be positive (got {hiddenSize})");
        double lr = result.GetValue(_lr);
        if (!(lr > 0)) throw new UsageException($"--lr must be positive (got {lr})");
        double weightDecay = result.GetValue(_weightDecay);
        if (!(weightDecay >= 0)) throw new UsageException($"--weight_decay must not be negative (got {weightDecay})");

        var optimizer = Flags.ParseEnum<CcsOptimizer>(result.GetValue(_optimizer)!);
        if (optimizer == CcsOptimizer.Lbfgs && result.IsGiven(_lr)) warn("--lr is ignored by the L-BFGS optimizer (use --optimizer adam)");
        if (numLayers == 1 && (result.IsGiven(_hiddenSize) || result.IsGiven(_activation)))
            warn("--hidden_size and --activation have no effect on a linear probe (--num_layers 1)");
        double supervisedWeight = result.GetValue(_supervisedWeight);
        if (supervisedWeight != 0) warn("--supervised_weight is ignored, as in the original");

        return new CcsNetOptions(
            Seed: seed,
            Activation: Flags.ParseEnum<CcsActivation>(result.GetValue(_activation)!),
            Bias: result.GetValue(_bias),
            HiddenSize: hiddenSize,
            Init: init,
            Loss: loss,
            Norm: Flags.ParseEnum<CcsNorm>(result.GetValue(_norm)!),
            NumLayers: numLayers,
            PreLn: preLn,
            SupervisedWeight: supervisedWeight,
            Lr: lr,
            NumEpochs: numEpochs,
            NumTries: numTries,
            Optimizer: optimizer,
            WeightDecay: weightDecay);
    }
}
