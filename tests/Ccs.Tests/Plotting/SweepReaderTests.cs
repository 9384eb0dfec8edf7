using Ccs.Plotting;
using Ccs.Runs;

namespace Ccs.Tests.Plotting;

public class SweepReaderTests
{
    private static SweepResults ReadSynthetic(TempFolder temp, List<string>? warnings = null) =>
        SweepReader.Read(SyntheticSweep.Write(temp.Path, "s"), message => warnings?.Add(message));

    [Fact]
    public void Every_run_is_found_with_its_model_dataset_entry_and_grid_point()
    {
        using var temp = new TempFolder();
        var warnings = new List<string>();
        var sweep = ReadSynthetic(temp, warnings);

        var found = sweep.Rows.Select(row => (row.Model, row.TrainDataset, row.Hparams, row.ModelLabel)).Distinct().Order().ToList();
        var expected = new[]
        {
            ("gpt2", "amazon_polarity", "", "gpt2"),
            ("gpt2", "imdb", "", "gpt2"),
            // gpt2/christykoh/imdb_pt without cfg.yaml: gpt2 is a model folder (its children hold eval.csv).
            ("gpt2", "christykoh/imdb_pt", "", "gpt2"),
            ("EleutherAI/pythia-160m", "imdb", "", "pythia-160m"),
            ("EleutherAI/pythia-160m", "super_glue:boolq", "", "pythia-160m"),
            ("EleutherAI/pythia-70m", "imdb", "var_weight=0.00/neg_cov_weight=1.00", "pythia-70m@var_weight=0.00@neg_cov_weight=1.00"),
            ("EleutherAI/pythia-70m", "imdb", "var_weight=1.00/neg_cov_weight=0.50", "pythia-70m@var_weight=1.00@neg_cov_weight=0.50"),
            // tiny/christykoh/imdb_pt alone is ambiguous by shape; its cfg.yaml names the dataset.
            ("tiny", "christykoh/imdb_pt", "", "tiny"),
        }.Order().ToList();
        Assert.Equal(expected, found);
        Assert.Empty(warnings);
        Assert.Equal(["gpt2", "pythia-160m", "pythia-70m@var_weight=0.00@neg_cov_weight=1.00", "pythia-70m@var_weight=1.00@neg_cov_weight=0.50", "tiny"],
            sweep.ModelLabels);
    }

    [Fact]
    public void Every_row_of_every_eval_csv_is_read_with_its_values()
    {
        using var temp = new TempFolder();
        var sweep = ReadSynthetic(temp);

        int expectedRows = 0;
        foreach (var run in SyntheticSweep.Runs)
        {
            string label = run.Hparams.Length == 0 ? run.Model.Split('/')[^1] : $"{run.Model.Split('/')[^1]}@{run.Hparams.Replace('/', '@')}";
            foreach (string evalDataset in SyntheticSweep.TransferTargets(run).Prepend(run.Entry))
            {
                foreach (int layer in run.Profile.Keys)
                {
                    foreach (string mode in SyntheticSweep.Modes)
                    {
                        var row = Assert.Single(sweep.Rows, r => r.ModelLabel == label && r.TrainDataset == run.Entry
                            && r.EvalDataset == evalDataset && r.Layer == layer && r.Ensembling == mode);
                        Assert.Equal((double)SyntheticSweep.Auroc(run, evalDataset, layer, mode), row.AurocEstimate, 12);
                        Assert.Equal(evalDataset != run.Entry, row.Transfer);
                        Assert.Equal(0.0473, row.Metrics["ece"]);
                        Assert.Equal(evalDataset == run.Entry, row.Metrics.ContainsKey("train_loss"));
                        expectedRows++;
                    }
                }
            }
        }
        Assert.Equal(expectedRows, sweep.Rows.Count);
        // gpt2 trains on three entries and transfers each to the other two; christykoh/imdb_pt is read from
        // transfer/christykoh/imdb_pt/eval.csv.
        Assert.Equal(3 * 3 * 4 * 3, sweep.Rows.Count(row => row.ModelLabel == "gpt2"));
        Assert.Contains(sweep.Rows, row => row.Transfer && row.EvalDataset == "christykoh/imdb_pt" && row.TrainDataset == "imdb");
    }

    [Fact]
    public void The_viz_folder_and_non_run_folders_are_not_read()
    {
        using var temp = new TempFolder();
        string sweep = SyntheticSweep.Write(temp.Path, "s");
        // A previous plot's output and stray files must not become results.
        Directory.CreateDirectory(Path.Combine(sweep, "viz", "gpt2", "imdb"));
        File.Copy(Path.Combine(sweep, "gpt2", "imdb", "eval.csv"), Path.Combine(sweep, "viz", "gpt2", "imdb", "eval.csv"));
        File.WriteAllText(Path.Combine(sweep, "notes.txt"), "hello");
        int before = SweepReader.Read(SyntheticSweep.Write(Path.Combine(temp.Path, "fresh"), "s"), _ => { }).Rows.Count;
        Assert.Equal(before, SweepReader.Read(sweep, _ => { }).Rows.Count);
    }

    [Fact]
    public void Models_with_the_same_short_name_keep_their_whole_id()
    {
        using var temp = new TempFolder();
        string sweep = SyntheticSweep.Write(temp.Path, "s");
        string copy = Path.Combine(sweep, "OtherOrg", "pythia-160m", "imdb");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(sweep, "EleutherAI", "pythia-160m", "imdb", "eval.csv"), Path.Combine(copy, "eval.csv"));

        var labels = SweepReader.Read(sweep, _ => { }).ModelLabels;
        Assert.Contains("EleutherAI--pythia-160m", labels);
        Assert.Contains("OtherOrg--pythia-160m", labels);
        Assert.DoesNotContain("pythia-160m", labels);
    }

    [Fact]
    public void A_folder_without_results_or_a_broken_eval_csv_is_one_clear_error()
    {
        using var temp = new TempFolder();
        string empty = Directory.CreateDirectory(Path.Combine(temp.Path, "empty", "gpt2", "imdb")).Parent!.Parent!.FullName;
        var none = Assert.Throws<CcsException>(() => SweepReader.Read(empty, _ => { }));
        Assert.Equal(ExitCode.BadInput, none.ExitCode);
        Assert.Contains("no results found", none.Message);

        string sweep = SyntheticSweep.Write(temp.Path, "s");
        string broken = Path.Combine(sweep, "gpt2", "imdb", "eval.csv");
        File.WriteAllText(broken, "dataset,layer,ensembling,acc_estimate\nimdb,0,full,0.5\n");
        var missing = Assert.Throws<CcsException>(() => SweepReader.Read(sweep, _ => { }));
        Assert.Equal($"{broken}: no 'auroc_estimate' column (is it an eval.csv of ccs?)", missing.Message);

        File.WriteAllText(broken, "dataset,layer,ensembling,auroc_estimate\nimdb,zero,full,0.5\n");
        var layer = Assert.Throws<CcsException>(() => SweepReader.Read(sweep, _ => { }));
        Assert.Equal($"{broken}: line 2: layer 'zero' is not an integer", layer.Message);
        Assert.DoesNotContain('\n', layer.Message);
    }

    [Fact]
    public void Local_dataset_paths_in_the_csvs_are_named_as_their_sweep_folders()
    {
        using var temp = new TempFolder();
        string run = Path.Combine(temp.Path, "s", "minilm-copy", "imdb");
        Directory.CreateDirectory(Path.Combine(run, "transfer", "super_glue_boolq"));
        File.WriteAllText(Path.Combine(run, "eval.csv"), "dataset,layer,ensembling,auroc_estimate\n/data/imdb,0,full,0.75\n");
        File.WriteAllText(Path.Combine(run, "transfer", "super_glue_boolq", "eval.csv"),
            "dataset,layer,ensembling,auroc_estimate\n../data/super_glue_boolq,0,full,0.5\n");

        var rows = SweepReader.Read(Path.Combine(temp.Path, "s"), _ => { }).Rows;
        Assert.Equal([("imdb", "imdb", false), ("imdb", "super_glue_boolq", true)], rows.Select(r => (r.TrainDataset, r.EvalDataset, r.Transfer)));
    }
}
