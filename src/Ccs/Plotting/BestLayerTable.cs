namespace Ccs.Plotting;

/// <summary>One line of the report's best-layer table.</summary>
public sealed record BestLayer(string Model, string Dataset, int Layer, double Auroc);

/// <summary>
/// For each model and evaluated dataset, the layer with the highest mean AUROC (<c>partial</c> ensembling, the score
/// table's mode, averaged over the training datasets as the score table does). Not in the original; the report's
/// answer to "which layer works best for this dataset".
/// </summary>
public static class BestLayerTable
{
    public static IReadOnlyList<BestLayer> Compute(SweepResults sweep)
    {
        var lines = new List<BestLayer>();
        var partial = sweep.Rows.Where(row => row.Ensembling == ScoreTable.Ensembling).ToList();
        foreach (string model in sweep.ModelLabels)
        {
            var modelRows = partial.Where(row => row.ModelLabel == model).ToList();
            foreach (string dataset in modelRows.Select(row => row.EvalDataset).Distinct().Order(StringComparer.Ordinal))
            {
                var datasetRows = modelRows.Where(row => row.EvalDataset == dataset).ToList();
                int layer = ScoreTable.BestLayer(datasetRows);
                lines.Add(new BestLayer(model, dataset, layer, PandasMean.Of(datasetRows.Where(row => row.Layer == layer).Select(row => row.AurocEstimate))));
            }
        }
        return lines;
    }
}
