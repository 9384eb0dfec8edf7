using System.Globalization;
using Ccs.Plotting;

namespace Ccs.Tests.Plotting;

public class ScoreTableTests
{
    private const string GridA = "pythia-70m@var_weight=0.00@neg_cov_weight=1.00";
    private const string GridB = "pythia-70m@var_weight=1.00@neg_cov_weight=0.50";

    /// <summary>Each model's best layer by the synthetic profiles: the layer number with the highest partial AUROC.</summary>
    private static readonly Dictionary<string, int> BestLayers = new()
    {
        ["gpt2"] = 2, ["pythia-160m"] = 4, [GridA] = 1, [GridB] = 2, ["tiny"] = 1,
    };

    private static string Label(SyntheticSweep.Run run) =>
        string.Join('@', run.Hparams.Split('/', StringSplitOptions.RemoveEmptyEntries).Prepend(run.Model.Split('/')[^1]));

    /// <summary>The partial rows at each model's best layer, from the synthetic sweep's definition.</summary>
    private static List<(string Model, string Dataset, decimal Auroc)> KeptRows() =>
        SyntheticSweep.Runs.SelectMany(run => SyntheticSweep.TransferTargets(run).Prepend(run.Entry).Select(dataset =>
            (Label(run), dataset, SyntheticSweep.Auroc(run, dataset, BestLayers[Label(run)], "partial")))).ToList();

    private static ScoreTable Compute(TempFolder temp) =>
        ScoreTable.Compute(SweepReader.Read(SyntheticSweep.Write(temp.Path, "s"), _ => { }));

    [Fact]
    public void The_best_layer_is_a_layer_number_and_cells_are_means_at_that_layer()
    {
        using var temp = new TempFolder();
        var table = Compute(temp);

        Assert.Equal(["gpt2", "pythia-160m", GridA, GridB, "tiny"], table.Models);
        // pythia-160m has layers 0, 2, 4, 6: the best is layer 4 (the original took its position, 2, as the layer).
        Assert.Equal(table.Models.Select(model => BestLayers[model]), table.BestLayers);
        Assert.Equal(["amazon_polarity", "christykoh/imdb_pt", "imdb", "super_glue:boolq"], table.Datasets);

        var kept = KeptRows();
        for (int d = 0; d < table.Datasets.Count; d++)
        {
            for (int m = 0; m < table.Models.Count; m++)
            {
                var cell = kept.Where(row => row.Dataset == table.Datasets[d] && row.Model == table.Models[m]).ToList();
                if (cell.Count == 0) Assert.True(double.IsNaN(table.Cells[d, m]));
                else Assert.Equal((double)cell.Average(row => row.Auroc), table.Cells[d, m], 12);
            }
            // Margins are means over the underlying rows, not over the cells.
            Assert.Equal((double)kept.Where(row => row.Dataset == table.Datasets[d]).Average(row => row.Auroc), table.DatasetMeans[d], 12);
        }
        for (int m = 0; m < table.Models.Count; m++)
            Assert.Equal((double)kept.Where(row => row.Model == table.Models[m]).Average(row => row.Auroc), table.ModelMeans[m], 12);
        Assert.Equal((double)kept.Average(row => row.Auroc), table.OverallMean, 12);
    }

    [Fact]
    public void The_csv_has_the_pivot_layout_of_the_original()
    {
        using var temp = new TempFolder();
        var table = Compute(temp);
        var lines = table.ToCsv().Split('\n');

        Assert.Equal($"eval_dataset,gpt2,pythia-160m,{GridA},{GridB},tiny,Mean", lines[0]);
        Assert.Equal(["amazon_polarity", "christykoh/imdb_pt", "imdb", "super_glue:boolq", "Mean", ""], lines[1..].Select(line => line.Split(',')[0]));
        // gpt2 on imdb at layer 2: trained on imdb (0.85) and transferred from the two others (0.80 each).
        string[] imdb = lines[3].Split(',');
        Assert.Equal(0.8166666666666667, double.Parse(imdb[1], CultureInfo.InvariantCulture), 12);
        // pythia-160m has no amazon_polarity results: an empty cell, as pandas writes NaN.
        Assert.Equal("", lines[1].Split(',')[2]);
        Assert.All(lines[1..^1], line => Assert.Equal(7, line.Split(',').Length));
    }

    [Fact]
    public void The_printed_table_ends_with_the_best_layers()
    {
        using var temp = new TempFolder();
        string text = Compute(temp).ToText();
        var rows = text.Split('\n').Where(line => line.StartsWith('|')).ToList();

        Assert.Matches(@"^\| Dataset +\| +gpt2 \| pythia-160m \| +pythia-70m@var_weight=0\.00@neg_cov_weight=1\.00 \|", rows[0]);
        Assert.Equal(["Dataset", "amazon_polarity", "christykoh/imdb_pt", "imdb", "super_glue:boolq", "Mean", "Best Layer"],
            rows.Select(row => row.Split('|')[1].Trim()));
        Assert.Equal(["2", "4", "1", "2", "1", ""], rows[^1].Split('|')[2..^1].Select(cell => cell.Trim()));
        Assert.Contains("| 0.817 |", rows[3]);
        Assert.Contains("nan", rows[1]); // pythia-160m on amazon_polarity, printed as the original's f"{nan:.3f}"
    }
}
