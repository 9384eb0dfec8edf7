namespace Ccs.Plotting;

/// <summary>
/// One row of a sweep's reporter metrics (an <c>eval.csv</c> line), with where it came from. The original's
/// <c>ccs/plotting/visualize.py</c> (<c>ModelVisualization._read_eval_csv</c>) kept the same facts in a data frame.
/// </summary>
/// <param name="Model">The model id as the sweep nested it, e.g. <c>gpt2</c> or <c>EleutherAI/pythia-160m</c>.</param>
/// <param name="Hparams">The hyper-parameter grid point as its folders (<c>var_weight=0.50/neg_cov_weight=0.50</c>), or "".</param>
/// <param name="ModelLabel">How figures and tables name this model and grid point (unique within a sweep).</param>
/// <param name="TrainDataset">The dataset entry the reporter was trained on (<c>imdb</c>, <c>christykoh/imdb_pt</c>, <c>a+b</c>).</param>
/// <param name="EvalDataset">The dataset the row evaluates (the CSV's <c>dataset</c> column).</param>
/// <param name="Transfer">Whether the row comes from a transfer evaluation (<c>transfer/&lt;dataset&gt;/eval.csv</c>).</param>
/// <param name="Metrics">Every numeric column of the CSV by name; empty fields are NaN.</param>
public sealed record SweepRow(
    string Model,
    string Hparams,
    string ModelLabel,
    string TrainDataset,
    string EvalDataset,
    bool Transfer,
    int Layer,
    string Ensembling,
    IReadOnlyDictionary<string, double> Metrics)
{
    public double AurocEstimate => Metrics["auroc_estimate"];
}

/// <summary>Everything a sweep folder holds for plotting: its rows, in the order the files were read.</summary>
public sealed record SweepResults(string SweepPath, IReadOnlyList<SweepRow> Rows)
{
    /// <summary>The model labels, in ordinal order (as pandas sorts group keys).</summary>
    public IReadOnlyList<string> ModelLabels { get; } =
        Rows.Select(row => row.ModelLabel).Distinct().Order(StringComparer.Ordinal).ToList();

    public IEnumerable<SweepRow> ForModel(string modelLabel) => Rows.Where(row => row.ModelLabel == modelLabel);
}
