namespace Ccs.Plotting;

/// <summary>
/// Collects every reporter metric row of a sweep (spec 9.10): each run's <c>eval.csv</c> and its
/// <c>transfer/&lt;dataset&gt;/eval.csv</c> files. Mirrors <c>ModelVisualization.collect</c> in
/// <c>ccs/plotting/visualize.py</c>, with the fixes of spec 10.B12: runs are found by content, the evaluated dataset
/// is the CSV's own <c>dataset</c> column (the original used the folder's last name, which loses <c>org/</c> and
/// mislabels pooled entries), named as the sweep names folders (a local dataset path by its last component, so it
/// matches the entry it was trained as), and hparam grid points are kept apart as their own model labels.
/// </summary>
public static class SweepReader
{
    public static SweepResults Read(string sweepPath, Action<string> warn)
    {
        var runs = SweepLayout.FindRuns(sweepPath, warn);
        if (runs.Count == 0)
            throw new CcsException(ExitCode.BadInput, $"{sweepPath}: no results found (no <model>/<dataset>/eval.csv); is it a sweep folder?");
        var names = ModelNames(runs.Select(run => run.Model).Distinct().ToList());
        var rows = new List<SweepRow>();
        foreach (var run in runs)
        {
            // A grid point is its own probe family: pythia-70m@var_weight=0.50@neg_cov_weight=0.50.
            string label = string.Join('@', run.Hparams.Split('/', StringSplitOptions.RemoveEmptyEntries).Prepend(names[run.Model]));
            rows.AddRange(Rows(run, label, Path.Combine(run.Folder, "eval.csv"), transfer: false));
            foreach (string folder in SweepLayout.FindTransfers(run.Folder))
                rows.AddRange(Rows(run, label, Path.Combine(folder, "eval.csv"), transfer: true));
        }
        return new SweepResults(sweepPath, rows);
    }

    private static IEnumerable<SweepRow> Rows(SweepRunFolder run, string label, string csv, bool transfer) =>
        EvalCsvFile.Read(csv).Select(line => new SweepRow(
            run.Model, run.Hparams, label, run.Entry, Runs.RunFolders.PathComponent(line.Dataset), transfer, line.Layer, line.Ensembling, line.Metrics));

    /// <summary>
    /// The short name of each model, as the original (<c>model_path.name</c>: <c>pythia-160m</c>); models whose short
    /// names clash (<c>a/pythia-160m</c>, <c>b/pythia-160m</c>) keep their whole id, with <c>--</c> for '/'.
    /// </summary>
    private static Dictionary<string, string> ModelNames(IReadOnlyList<string> models)
    {
        static string Short(string model) => model[(model.LastIndexOf('/') + 1)..];
        var clashing = models.GroupBy(Short).Where(group => group.Count() > 1).SelectMany(group => group).ToHashSet();
        return models.ToDictionary(model => model, model => clashing.Contains(model) ? model.Replace("/", "--") : Short(model));
    }
}
