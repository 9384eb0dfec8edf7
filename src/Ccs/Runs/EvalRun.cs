using System.Text.RegularExpressions;
using Ccs.Metrics;
using Ccs.Options;
using Ccs.Reporters;
using static TorchSharp.torch;

namespace Ccs.Runs;

/// <summary>
/// Runs <c>ccs eval</c> (spec 2.2, 9.12; the original's ccs/evaluation/evaluate.py, <c>Eval.apply_to_layer</c>): load
/// the validation split of every dataset, the source run's reporter (and LR models) of every extracted layer, and
/// write the transfer metrics. The metric fixes of <see cref="ElicitRun"/> apply here too.
/// </summary>
public static partial class EvalRun
{
    public static Task<int> RunAsync(EvalOptions options, CcsConsole console, CancellationToken cancellationToken) =>
        RunAsync(options, console, HiddenStateSources.For("eval", options.Data, options.Run), cancellationToken);

    /// <param name="root">The output root SOURCE is read relative to; null = <c>$CCS_DIR</c> or <c>~/ccs-reporters</c>.</param>
    public static async Task<int> RunAsync(EvalOptions options, CcsConsole console, IHiddenStateSource source,
        CancellationToken cancellationToken, string? root = null)
    {
        string sourceDir = RunFolders.Source(options.Source, root ?? OutputRoot.Resolve());
        string reportersDir = Path.Combine(sourceDir, ReporterCheckpoints.ReportersFolder);
        string lrDir = Path.Combine(sourceDir, ReporterCheckpoints.LrFolder);
        CheckLocalModelWidth(reportersDir, options.Data.Model);
        var datasets = await RunInputs.LoadAsync(source, options.Data.Datasets, withTrain: false, options.Run.PromptIndices, cancellationToken);
        IReadOnlyList<int> layers = RunInputs.Layers(datasets);
        CheckCheckpoints(reportersDir, layers, datasets[0].Validation.Shape.HiddenSize, options.Data.Model);
        bool withLr = !options.SkipSupervised && Directory.Exists(lrDir);

        string outDir = RunFolders.ForEval(options.Run.OutDir, sourceDir, options.Data.Datasets);
        console.Out.WriteLine($"Output directory at {outDir}");
        IReadOnlyList<int> configLayers = options.Data.LayerStride > 1 ? layers : options.Data.Layers;
        File.WriteAllText(Path.Combine(outDir, "cfg.yaml"), RunConfigFile.ForEval(options, configLayers, outDir));
        FingerprintsFile.Write(outDir, datasets.Select(d => d.Validation));

        List<MetricRow> eval = [], lrEval = [], lmEval = [];
        var lm = datasets.Select(d => RunInputs.LmScores(d.Validation) is { } scores
            ? MetricRow.Evaluate(d.Dataset, 0, RunInputs.Labels(d.Validation), scores).ToList()
            : []).ToList();
        LogprobsFile? logprobs = options.Run.SaveLogprobs ? new LogprobsFile() : null;
        foreach (RunDataset d in datasets) logprobs?.AddDataset(d.Validation);
        try
        {
            foreach (int layer in layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                IFittedReporter reporter = ReporterCheckpoints.LoadReporter(reportersDir, layer).Reporter;
                IReadOnlyList<LogisticRegression> lrModels = withLr ? ReporterCheckpoints.LoadLogisticRegressions(lrDir, layer) : [];
                try
                {
                    foreach (RunDataset d in datasets)
                    {
                        var val = RunInputs.Hiddens(d.Validation, layer);
                        int[] labels = RunInputs.Labels(d.Validation);
                        ScoreGrid scores = ElicitRun.Grid(reporter.Score(val));
                        eval.AddRange(MetricRow.Evaluate(d.Dataset, layer, labels, scores));
                        logprobs?.AddReporter(d.Dataset, layer, scores);
                        for (int j = 0; j < lrModels.Count; j++)
                        {
                            ScoreGrid lrScores = ElicitRun.Grid(lrModels[j].Score(val));
                            lrEval.AddRange(MetricRow.Evaluate(d.Dataset, layer, labels, lrScores, inlpIter: j));
                            logprobs?.AddLogisticRegression(d.Dataset, layer, j, lrScores);
                        }
                    }
                }
                finally
                {
                    (reporter as IDisposable)?.Dispose();
                }
                foreach (var rows in lm) lmEval.AddRange(rows.Select(r => r with { Layer = layer }));
            }
        }
        finally
        {
            MetricTable.Plain.Write(Path.Combine(outDir, "eval.csv"), eval);
            MetricTable.Plain.Write(Path.Combine(outDir, "lm_eval.csv"), lmEval);
            MetricTable.TransferLr.Write(Path.Combine(outDir, "lr_eval.csv"), lrEval);
            if (options.Run.Debug) DebugLog.Write(outDir, datasets);
            logprobs?.Write(outDir);
        }
        BestLayersTable.Print(console.Out, [("reporter", eval), ("lr", lrEval), ("lm", lmEval)]);
        return ExitCode.Success;
    }

    /// <summary>
    /// A local model folder states its width in <c>config.json</c>: a run of another width is refused before any
    /// extraction (which can take hours) rather than after it. Hub ids and unreadable configs are left to
    /// <see cref="CheckCheckpoints"/>, which runs on the extracted states.
    /// </summary>
    private static void CheckLocalModelWidth(string reportersDir, string model)
    {
        if (!File.Exists(Path.Combine(model, Models.PretrainedModel.ConfigFile))) return;
        int? layer = SavedLayers(reportersDir).Select(l => (int?)l).FirstOrDefault();
        if (layer is null) return;
        int width;
        try
        {
            width = Models.PretrainedModel.ReadConfig(model).HiddenSize;
        }
        catch (CcsException)
        {
            return;
        }
        CheckWidth(reportersDir, layer.Value, width, model);
    }

    /// <summary>Every extracted layer needs a reporter of the same hidden size; checked before any evaluation.</summary>
    private static void CheckCheckpoints(string reportersDir, IReadOnlyList<int> layers, int hiddenSize, string model)
    {
        foreach (int layer in layers)
        {
            if (!File.Exists(ReporterCheckpoints.TensorPath(reportersDir, layer)))
                throw new CcsException(ExitCode.BadInput,
                    $"{reportersDir}: no reporter for layer {layer} (the run has layers {string.Join(", ", SavedLayers(reportersDir))}); choose a subset of them with --layers");
            CheckWidth(reportersDir, layer, hiddenSize, model);
        }
    }

    private static void CheckWidth(string reportersDir, int layer, int hiddenSize, string model)
    {
        int expected = ReporterCheckpoints.HiddenSize(reportersDir, layer);
        if (expected != hiddenSize)
            throw new CcsException(ExitCode.BadInput,
                $"{ReporterCheckpoints.ConfigPath(reportersDir, layer)}: the layer {layer} reporter takes hidden size {expected}, but {model} gives {hiddenSize}; evaluate with the model the run was trained on");
    }

    private static IEnumerable<int> SavedLayers(string reportersDir) =>
        Directory.EnumerateFiles(reportersDir, "layer_*.safetensors")
            .Select(f => LayerFile().Match(Path.GetFileName(f)))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Order();

    [GeneratedRegex(@"^layer_(\d+)\.safetensors$")]
    private static partial Regex LayerFile();
}
