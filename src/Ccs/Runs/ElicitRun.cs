using Ccs.Metrics;
using Ccs.Options;
using Ccs.Reporters;
using static TorchSharp.torch;

namespace Ccs.Runs;

/// <summary>
/// Runs <c>ccs elicit</c> (spec 1.2; the original's ccs/training/train.py, <c>Elicit.apply_to_layer</c>, and
/// ccs/run.py, <c>Run.execute</c>): load the extracted train and validation splits of every dataset, choose and fill
/// the output folder, then for every layer ascending fit the reporter (seeded <c>net.seed + layer</c>) with its Platt
/// scaling, the LR baseline and the sanity baselines, save the checkpoints, and evaluate everything on both splits.
/// </summary>
/// <remarks>
/// Differences from the original's numbers, all from the spec's recommended fixes: reporter rows use the reporter's
/// own scores in every mode (10.B1; the original's partial/full rows held the last LR model's metrics), <c>none</c>
/// accuracy thresholds log-odds at 0 (10.B2), the calibrated-accuracy threshold is the quantile at 1 − mean(y)
/// (10.B3) and AUROC counts ties as ½ (10.B17).
/// </remarks>
public static class ElicitRun
{
    public static Task<int> RunAsync(ElicitOptions options, CcsConsole console, CancellationToken cancellationToken) =>
        RunAsync(options, console, HiddenStateSources.For("elicit", options.Data, options.Run), cancellationToken);

    /// <param name="root">The output root; null = <c>$CCS_DIR</c> or <c>~/ccs-reporters</c>.</param>
    public static async Task<int> RunAsync(ElicitOptions options, CcsConsole console, IHiddenStateSource source,
        CancellationToken cancellationToken, string? root = null)
    {
        if (options.Net is CcsNetOptions && options.Data.Datasets.Count > 1)
            throw new CcsException(ExitCode.BadInput,
                $"--net ccs trains on one dataset at a time, but {options.Data.Datasets.Count} were given; use --net eigen to pool datasets");
        var datasets = await RunInputs.LoadAsync(source, options.Data.Datasets, withTrain: true, options.Run.PromptIndices, cancellationToken);
        IReadOnlyList<int> layers = RunInputs.Layers(datasets);

        string outDir = RunFolders.ForElicit(options.Run.OutDir, options.Data.Model, options.Data.Datasets, root ?? OutputRoot.Resolve());
        console.Out.WriteLine($"Output directory at {outDir}");
        IReadOnlyList<int> configLayers = options.Data.LayerStride > 1 ? layers : options.Data.Layers;
        File.WriteAllText(Path.Combine(outDir, "cfg.yaml"), RunConfigFile.ForElicit(options, configLayers, outDir));
        FingerprintsFile.Write(outDir, datasets.SelectMany(d => d.All));
        string reportersDir = Path.Combine(outDir, ReporterCheckpoints.ReportersFolder);
        string lrDir = Path.Combine(outDir, ReporterCheckpoints.LrFolder);
        Directory.CreateDirectory(reportersDir);
        Directory.CreateDirectory(lrDir);
        File.WriteAllText(Path.Combine(reportersDir, "cfg.yaml"), RunConfigFile.ForNet(options.Net));
        CheckpointReadme.Write(reportersDir);

        var tables = new Tables();
        var lm = datasets.Select(d => (Val: LmRows(d.Validation), Train: LmRows(d.Train!))).ToList();
        LogprobsFile? logprobs = options.Run.SaveLogprobs ? new LogprobsFile() : null;
        foreach (RunDataset d in datasets) logprobs?.AddDataset(d.Validation);
        try
        {
            foreach (int layer in layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunLayer(options, datasets, layer, reportersDir, lrDir, tables, logprobs);
                for (int i = 0; i < datasets.Count; i++)
                {
                    tables.LmEval.AddRange(lm[i].Val.Select(r => r with { Layer = layer }));
                    tables.TrainLmEval.AddRange(lm[i].Train.Select(r => r with { Layer = layer }));
                }
                console.Out.WriteLine(Progress(layer, tables));
            }
        }
        finally
        {
            // As the original's finally block: the layers completed so far are written even after a failure.
            tables.Write(outDir);
            if (options.Run.Debug) DebugLog.Write(outDir, datasets);
            logprobs?.Write(outDir);
        }
        BestLayersTable.Print(console.Out,
            [("reporter", tables.Eval), ("lr", tables.LrEval), ("baseline", tables.Baselines), ("lm", tables.LmEval)]);
        return ExitCode.Success;
    }

    private static void RunLayer(ElicitOptions options, IReadOnlyList<RunDataset> datasets, int layer,
        string reportersDir, string lrDir, Tables tables, LogprobsFile? logprobs)
    {
        using var scope = NewDisposeScope();
        var train = datasets.Select(d => (Hiddens: RunInputs.Hiddens(d.Train!, layer), Labels: RunInputs.LabelTensor(d.Train!))).ToList();
        LayerFit fit = LayerTraining.Fit(options.Net, options.Supervised, train, layer);
        try
        {
            ReporterCheckpoints.SaveReporter(reportersDir, layer, fit.Reporter, options.Net, fit.TrainLoss);
            ReporterCheckpoints.SaveLogisticRegressions(lrDir, layer, fit.Supervised.Models);
            var baselines = SanityBaselines.Fit(train, (ulong)(options.Net.Seed + layer));
            for (int i = 0; i < datasets.Count; i++)
            {
                string dataset = datasets[i].Dataset;
                var val = RunInputs.Hiddens(datasets[i].Validation, layer);
                int[] valLabels = RunInputs.Labels(datasets[i].Validation), trainLabels = RunInputs.Labels(datasets[i].Train!);

                ScoreGrid reporterVal = Grid(fit.Reporter.Score(val));
                tables.Eval.AddRange(MetricRow.Evaluate(dataset, layer, valLabels, reporterVal, trainLoss: fit.TrainLoss));
                tables.TrainEval.AddRange(MetricRow.Evaluate(dataset, layer, trainLabels, Grid(fit.Reporter.Score(train[i].Hiddens)), trainLoss: fit.TrainLoss));
                logprobs?.AddReporter(dataset, layer, reporterVal);
                for (int j = 0; j < fit.Supervised.Models.Count; j++)
                {
                    LogisticRegression model = fit.Supervised.Models[j];
                    ScoreGrid lrVal = Grid(model.Score(val));
                    tables.LrEval.AddRange(MetricRow.Evaluate(dataset, layer, valLabels, lrVal, inlpIter: j));
                    tables.TrainLrEval.AddRange(MetricRow.Evaluate(dataset, layer, trainLabels, Grid(model.Score(train[i].Hiddens)), inlpIter: j));
                    logprobs?.AddLogisticRegression(dataset, layer, j, lrVal);
                }
                foreach (DirectionReporter baseline in baselines)
                    tables.Baselines.AddRange(MetricRow.Evaluate(dataset, layer, valLabels, Grid(baseline.Score(val)), baseline: baseline.Name));
            }
        }
        finally
        {
            (fit.Reporter as IDisposable)?.Dispose();
        }
    }

    private static IReadOnlyList<MetricRow> LmRows(ExtractedSplit split) =>
        RunInputs.LmScores(split) is { } lm ? [.. MetricRow.Evaluate(split.Dataset, 0, RunInputs.Labels(split), lm)] : [];

    internal static ScoreGrid Grid(Tensor scores)
    {
        using (scores) return ScoreGrid.FromTensor(scores);
    }

    private static string Progress(int layer, Tables tables)
    {
        static string Auroc(IEnumerable<MetricRow> rows) =>
            rows.FirstOrDefault(r => r.Mode == Ensembling.Full && (r.InlpIter ?? 0) == 0) is { } r
                ? r.Result.Auroc.Estimate.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)
                : "-";
        var atLayer = (List<MetricRow> rows) => rows.Where(r => r.Layer == layer);
        return $"layer {layer}: validation AUROC (full) reporter {Auroc(atLayer(tables.Eval))}, LR {Auroc(atLayer(tables.LrEval))}";
    }

    /// <summary>The rows of every CSV an elicit run writes.</summary>
    private sealed class Tables
    {
        public List<MetricRow> Eval { get; } = [];
        public List<MetricRow> TrainEval { get; } = [];
        public List<MetricRow> LrEval { get; } = [];
        public List<MetricRow> TrainLrEval { get; } = [];
        public List<MetricRow> LmEval { get; } = [];
        public List<MetricRow> TrainLmEval { get; } = [];
        public List<MetricRow> Baselines { get; } = [];

        public void Write(string outDir)
        {
            MetricTable.ElicitReporter.Write(Path.Combine(outDir, "eval.csv"), Eval);
            MetricTable.ElicitReporter.Write(Path.Combine(outDir, "train_eval.csv"), TrainEval);
            MetricTable.ElicitLr.Write(Path.Combine(outDir, "lr_eval.csv"), LrEval);
            MetricTable.ElicitLr.Write(Path.Combine(outDir, "train_lr_eval.csv"), TrainLrEval);
            MetricTable.Plain.Write(Path.Combine(outDir, "lm_eval.csv"), LmEval);
            MetricTable.Plain.Write(Path.Combine(outDir, "train_lm_eval.csv"), TrainLmEval);
            MetricTable.Baselines.Write(Path.Combine(outDir, "baselines_eval.csv"), Baselines);
        }
    }
}
