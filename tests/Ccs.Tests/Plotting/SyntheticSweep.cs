using Ccs.Runs;

namespace Ccs.Tests.Plotting;

/// <summary>
/// A small sweep folder in the exact layout of spec 9.10, written by the test: real-looking eval.csv files (the
/// columns of spec 9.5, rows sorted by layer then ensembling, transfer files without train_loss) whose AUROC follows
/// a known formula, so the tests can state what every figure and table must show.
/// </summary>
internal static class SyntheticSweep
{
    public static readonly string[] Modes = ["full", "none", "partial"]; // the original's row order within a layer

    /// <summary>One training run: model folder path, dataset entry, hparam sub-path, its layers, whether it has cfg.yaml.</summary>
    public sealed record Run(string Model, string Entry, string Hparams, IReadOnlyDictionary<int, decimal> Profile, bool WithConfig);

    public static readonly IReadOnlyDictionary<string, decimal> DatasetOffset = new Dictionary<string, decimal>
    {
        ["amazon_polarity"] = 0.02m, ["imdb"] = 0.05m, ["christykoh/imdb_pt"] = -0.03m, ["super_glue:boolq"] = -0.06m,
    };

    public static readonly IReadOnlyDictionary<string, decimal> ModeOffset = new Dictionary<string, decimal>
    {
        ["full"] = 0.03m, ["partial"] = 0m, ["none"] = -0.04m,
    };

    public const decimal TransferPenalty = 0.05m;

    private static readonly Dictionary<int, decimal> Gpt2 = new() { [0] = 0.55m, [1] = 0.70m, [2] = 0.80m, [3] = 0.75m };
    // Layers 0, 2, 4, 6 (as --layer_stride 2 gives): the best layer is 4, at position 2.
    private static readonly Dictionary<int, decimal> Pythia160 = new() { [0] = 0.60m, [2] = 0.65m, [4] = 0.85m, [6] = 0.70m };
    private static readonly Dictionary<int, decimal> GridA = new() { [0] = 0.60m, [1] = 0.70m, [2] = 0.65m };
    private static readonly Dictionary<int, decimal> GridB = new() { [0] = 0.62m, [1] = 0.66m, [2] = 0.78m };
    private static readonly Dictionary<int, decimal> Tiny = new() { [0] = 0.58m, [1] = 0.61m };

    public static IReadOnlyList<Run> Runs { get; } =
    [
        new("gpt2", "amazon_polarity", "", Gpt2, WithConfig: false),
        new("gpt2", "imdb", "", Gpt2, WithConfig: false),
        new("gpt2", "christykoh/imdb_pt", "", Gpt2, WithConfig: false),
        new("EleutherAI/pythia-160m", "imdb", "", Pythia160, WithConfig: true),
        new("EleutherAI/pythia-160m", "super_glue:boolq", "", Pythia160, WithConfig: true),
        new("EleutherAI/pythia-70m", "imdb", "var_weight=0.00/neg_cov_weight=1.00", GridA, WithConfig: true),
        new("EleutherAI/pythia-70m", "imdb", "var_weight=1.00/neg_cov_weight=0.50", GridB, WithConfig: true),
        // Flat model, nested dataset, no sibling run: only its cfg.yaml tells model from dataset.
        new("tiny", "christykoh/imdb_pt", "", Tiny, WithConfig: true),
    ];

    /// <summary>Two gpt2 runs that transfer to each other: quick to draw.</summary>
    public static IReadOnlyList<Run> Small { get; } = [.. Runs.Where(run => run.Model == "gpt2" && run.Entry != "christykoh/imdb_pt")];

    /// <summary>The AUROC the files hold for a row.</summary>
    public static decimal Auroc(Run run, string evalDataset, int layer, string mode) =>
        run.Profile[layer] + DatasetOffset[evalDataset] + ModeOffset[mode] - (evalDataset == run.Entry ? 0 : TransferPenalty);

    /// <summary>The datasets a model's runs transfer to: the other entries of the same model (as the sweep does).</summary>
    public static IEnumerable<string> TransferTargets(Run run, IReadOnlyList<Run>? runs = null) =>
        (runs ?? Runs).Where(other => other.Model == run.Model && other.Entry != run.Entry).Select(other => other.Entry).Distinct();

    public static string Write(string sweepsRoot, string name, IReadOnlyList<Run>? runs = null)
    {
        string sweep = Path.Combine(sweepsRoot, name);
        foreach (var run in runs ?? Runs)
        {
            string folder = Path.Combine([sweep, .. run.Model.Split('/'), .. run.Entry.Split('/'), .. run.Hparams.Split('/', StringSplitOptions.RemoveEmptyEntries)]);
            Directory.CreateDirectory(folder);
            WriteEval(Path.Combine(folder, "eval.csv"), run, run.Entry, withLoss: true);
            if (run.WithConfig) File.WriteAllText(Path.Combine(folder, "cfg.yaml"), Config(run, run.Entry));
            Directory.CreateDirectory(Path.Combine(folder, "reporters"));
            foreach (string target in TransferTargets(run, runs))
            {
                string transfer = Path.Combine([folder, "transfer", .. target.Split('/')]);
                Directory.CreateDirectory(transfer);
                WriteEval(Path.Combine(transfer, "eval.csv"), run, target, withLoss: false);
                if (run.WithConfig) File.WriteAllText(Path.Combine(transfer, "cfg.yaml"), Config(run, target));
            }
        }
        return sweep;
    }

    private static void WriteEval(string path, Run run, string dataset, bool withLoss)
    {
        string[] header =
        [
            "dataset", "layer", "ensembling", "auroc_estimate", "auroc_lower", "auroc_upper", "cal_acc_estimate", "cal_acc_lower",
            "cal_acc_upper", "acc_estimate", "acc_lower", "acc_upper", "ece", "cal_thresh", .. withLoss ? new[] { "train_loss" } : [],
        ];
        var rows = new List<IReadOnlyList<object?>>();
        foreach (int layer in run.Profile.Keys.Order())
        {
            foreach (string mode in Modes)
            {
                double auroc = (double)Auroc(run, dataset, layer, mode);
                var row = new List<object?>
                {
                    dataset, layer, mode, auroc, auroc - 0.031, Math.Min(1, auroc + 0.029), auroc - 0.04, auroc - 0.07, auroc - 0.01,
                    auroc - 0.05, auroc - 0.08, auroc - 0.02, 0.0473, 0.5002,
                };
                if (withLoss) row.Add(0.2481);
                rows.Add(row);
            }
        }
        MetricCsv.Write(path, header, rows);
    }

    private static string Config(Run run, string dataset) =>
        $"_type_: Elicit\ndata:\n  _type_: Extract\n  datasets:\n  - {dataset}\n  model: {run.Model}\nnet:\n  _type_: EigenFitterConfig\n";
}
