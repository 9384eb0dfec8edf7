using Ccs.Options;
using Ccs.Plotting;

namespace Ccs.Runs;

/// <summary>
/// Runs <c>ccs sweep</c> (spec 8; the original's ccs/training/sweep.py, <c>Sweep.execute</c>): for every model (in the
/// given order) and dataset entry (sorted, pooled last) and grid point, an elicit run in
/// <c>sweeps/&lt;name&gt;/&lt;model&gt;/&lt;entry&gt;[/grid point]</c>, then unless
/// <c>--skip_transfer_eval</c> an eval of that run on every other dataset into its <c>transfer/&lt;dataset&gt;</c>.
/// Differences from the original, all deliberate: a failing cell is reported and the sweep goes on (exit code 3 at
/// the end); a finished cell is marked and skipped when the same sweep is run again, an unfinished one is redone;
/// every run option (including <c>--prompt_indices</c>, <c>--disable_cache</c>) reaches the transfer evals (10.B5);
/// each model is loaded once for all its cells (<see cref="SweepSteps"/>); local model and dataset paths name their
/// folders by their last component (the original used every argument verbatim, so an absolute path escaped the sweep).
/// </summary>
public static class SweepRun
{
    /// <summary>Marks a cell (elicit run or transfer eval) that finished; reruns skip it.</summary>
    public const string DoneMarker = ".ccs-cell-done";

    public static Task<int> RunAsync(SweepOptions options, CcsConsole console, CancellationToken cancellationToken) =>
        RunAsync(options, console, SweepSteps.Default, OutputRoot.Sweeps(), cancellationToken);

    public static async Task<int> RunAsync(
        SweepOptions options, CcsConsole console, SweepSteps steps, string sweepsRoot, CancellationToken cancellationToken)
    {
        console.Out.WriteLine($"Starting sweep over {options.Models.Count} models and {options.Datasets.Count} datasets " +
                              $"({options.Models.Count * options.Datasets.Count} runs)");
        var evalDatasets = options.Datasets.SelectMany(Components).Distinct().Order(StringComparer.Ordinal).ToList();
        CheckFolderNames("--models", options.Models);
        CheckFolderNames("--datasets", evalDatasets);
        string sweep = options.Name is { } name ? Path.Combine(sweepsRoot, name) : MemorableNames.CreateDirectory(sweepsRoot);
        Directory.CreateDirectory(sweep);
        console.Out.WriteLine($"Saving sweep results to {sweep}");

        var grid = options.HparamStep > 0
            ? (from a in SweepGrid.Weights(options.HparamStep) from b in SweepGrid.Weights(options.HparamStep) select ((double, double)?)(a, b)).ToList()
            : [null];
        var failed = new List<string>();

        for (int m = 0; m < options.Models.Count; m++)
        {
            string model = options.Models[m];
            console.Out.WriteLine($"===== {model} ({m + 1} of {options.Models.Count}) =====");
            IHiddenStateSource? opened = null;
            IHiddenStateSource Source() =>
                opened ??= steps.OpenModel(options.Template.Data with { Model = model }, options.Template.Run, console);
            try
            {
                foreach (string entry in options.Datasets)
                {
                    foreach (var point in grid)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        string runDir = Path.Combine(sweep, RunFolders.PathComponent(model), EntryFolder(entry));
                        var net = options.Template.Net;
                        if (point is var (varWeight, negCovWeight) && net is EigenNetOptions eigen)
                        {
                            runDir = Path.Combine(runDir, SweepGrid.Folder(varWeight, negCovWeight));
                            net = eigen with { VarWeight = varWeight, NegCovWeight = negCovWeight };
                        }
                        var components = Components(entry).ToList();
                        var run = options.Template with
                        {
                            Data = options.Template.Data with { Model = model, Datasets = components.ToValueList() },
                            Net = net,
                            Run = options.Template.Run with { OutDir = runDir },
                        };
                        if (!await Cell(runDir, $"{model} on {entry}", () => steps.Elicit(run, console, Source(), cancellationToken), console, failed))
                            continue;

                        var others = evalDatasets.Where(d => !components.Contains(d)).ToList();
                        if (options.SkipTransferEval || others.Count == 0) continue;
                        if (evalDatasets.Count > 1) console.Out.WriteLine("== Transfer eval ==");
                        foreach (string dataset in others)
                        {
                            string transferDir = Path.Combine(runDir, "transfer", RunFolders.PathComponent(dataset));
                            var transfer = new EvalOptions(
                                Source: Path.GetFullPath(runDir),
                                Data: run.Data with { Datasets = ValueList.Of(dataset) },
                                Run: run.Run with { OutDir = transferDir },
                                SkipSupervised: run.Supervised == SupervisedMode.None);
                            await Cell(transferDir, $"{model} trained on {entry}, evaluated on {dataset}",
                                () => steps.Eval(transfer, console, Source(), cancellationToken), console, failed);
                        }
                    }
                }
            }
            finally
            {
                // Frees the model before the next one is loaded.
                (opened as IDisposable)?.Dispose();
            }
        }

        if (options.Visualize) SweepVisualizer.Visualize(sweep, console);
        if (failed.Count == 0) return ExitCode.Success;
        console.Error.WriteLine($"ccs sweep: {failed.Count} cell(s) failed: {string.Join("; ", failed)}");
        return ExitCode.BadInput;
    }

    /// <summary>
    /// An entry's folder: hub names verbatim as the original (<c>super_glue:boolq</c>, <c>org/name</c> nests, spec 9.10),
    /// a local dataset path by its last component, as elicit's run folders name them.
    /// </summary>
    public static string EntryFolder(string entry) => string.Join("+", Components(entry).Select(RunFolders.PathComponent));

    /// <summary>Two different arguments that would share a folder (<c>a/imdb</c>, <c>b/imdb</c>) would overwrite each other's runs.</summary>
    private static void CheckFolderNames(string option, IEnumerable<string> arguments)
    {
        var clash = arguments.Distinct(StringComparer.Ordinal).GroupBy(RunFolders.PathComponent, StringComparer.Ordinal)
            .FirstOrDefault(group => group.Count() > 1);
        if (clash is not null)
            throw new CcsException(ExitCode.BadInput,
                $"{option}: {string.Join(" and ", clash)} would share the sweep folder '{clash.Key}'; give them folders of different names");
    }

    /// <summary>The datasets of an entry: <c>a+b</c> pools a and b.</summary>
    public static IEnumerable<string> Components(string entry) =>
        entry.Split('+').Select(c => c.Trim()).Where(c => c.Length > 0);

    /// <summary>Runs one cell unless it finished before; true when it is (now) finished.</summary>
    private static async Task<bool> Cell(string folder, string what, Func<Task<int>> run, CcsConsole console, List<string> failed)
    {
        string marker = Path.Combine(folder, DoneMarker);
        if (File.Exists(marker))
        {
            console.Out.WriteLine($"{what}: already done, skipped");
            return true;
        }
        // An unfinished cell from an interrupted sweep is redone from scratch (its files are incomplete, and
        // transfer evals below it would describe reporters that are about to be refitted).
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        int code;
        try
        {
            code = await run();
        }
        catch (CcsException e)
        {
            console.Error.WriteLine($"ccs sweep: {what} failed: {e.Message}");
            failed.Add(what);
            return false;
        }
        if (code != ExitCode.Success)
        {
            console.Error.WriteLine($"ccs sweep: {what} failed with exit code {code}");
            failed.Add(what);
            return false;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
        return true;
    }
}
