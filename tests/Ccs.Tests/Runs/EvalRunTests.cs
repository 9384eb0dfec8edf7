using Ccs.Caching;
using Ccs.Runs;
using Ccs.Tests.Checkpoints;
using Ccs.Tests.Reporters;

namespace Ccs.Tests.Runs;

/// <summary><c>ccs eval</c>: where it reads and writes, runs without LR models, and what it refuses.</summary>
public class EvalRunTests
{
    private const string Elicit = "elicit all-MiniLM-L6-v2 imdb --net eigen --max_examples 30 30";
    private const string Eval = "all-MiniLM-L6-v2 imdb --max_examples 30 30";

    [Fact]
    public void Source_is_read_relative_to_the_root_and_results_go_to_its_transfer_folder()
    {
        using var root = new TempFolder();
        Assert.Equal(0, RunHarness.Elicit($"{Elicit} --layers 3 --out_dir {Path.Combine(root.Path, "m", "imdb", "run")}").Code);
        RunHarness.Result result = RunHarness.Eval($"eval m/imdb/run {Eval} --layers 3", root.Path,
            data => new ReferenceHiddenStates(data) { WithLmLogOdds = true });
        Assert.Equal(0, result.Code);
        string transfer = Path.Combine(root.Path, "m", "imdb", "run", "transfer", "imdb");
        Assert.Equal(["cfg.yaml", "eval.csv", "fingerprints.yaml", "lm_eval.csv", "lr_eval.csv"],
            Directory.GetFiles(transfer).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string cfg = File.ReadAllText(Path.Combine(transfer, "cfg.yaml"));
        Assert.StartsWith("_type_: Eval\n", cfg);
        Assert.Contains("\nsource: m/imdb/run\n", cfg);
        Assert.Contains("\nskip_supervised: false\n", cfg);
        Assert.Equal("imdb:\n  test: imdb-minilm-seed42-test-30\n", File.ReadAllText(Path.Combine(transfer, "fingerprints.yaml")));
        Assert.Equal("dataset,layer,ensembling,auroc_estimate", string.Join(',', CsvTable.Read(Path.Combine(transfer, "eval.csv")).Header.Take(4)));
        Assert.Equal("cal_thresh", CsvTable.Read(Path.Combine(transfer, "eval.csv")).Header[^1]);
        Assert.Contains("Best layers by validation AUROC", result.Output);
    }

    [Fact]
    public void A_run_without_supervised_models_or_with_skip_supervised_writes_no_lr_eval()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        Assert.Equal(0, RunHarness.Elicit($"{Elicit} --layers 3 --supervised none --out_dir {run}").Code);
        Assert.Empty(Directory.GetFiles(Path.Combine(run, "lr_models")));
        Assert.False(File.Exists(Path.Combine(run, "lr_eval.csv")));
        // 10.B7: the original crashed on the empty lr_models/ folder.
        Assert.Equal(0, RunHarness.Eval($"eval {run} {Eval} --layers 3 --out_dir {temp.File("a")}").Code);
        Assert.True(File.Exists(Path.Combine(temp.File("a"), "eval.csv")));
        Assert.False(File.Exists(Path.Combine(temp.File("a"), "lr_eval.csv")));

        string supervised = temp.File("supervised");
        Assert.Equal(0, RunHarness.Elicit($"{Elicit} --layers 3 --out_dir {supervised}").Code);
        Assert.Equal(0, RunHarness.Eval($"eval {supervised} {Eval} --layers 3 --skip_supervised --out_dir {temp.File("b")}").Code);
        Assert.False(File.Exists(Path.Combine(temp.File("b"), "lr_eval.csv")));
    }

    [Fact]
    public void Missing_run_missing_layer_and_other_hidden_size_are_one_line_errors()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        Assert.Contains("no such run folder", RunHarness.BadInput(() => RunHarness.Eval($"eval nowhere/run {Eval}", temp.Path)));
        Directory.CreateDirectory(temp.File("empty"));
        Assert.Contains("not an elicit run folder", RunHarness.BadInput(() => RunHarness.Eval($"eval empty {Eval}", temp.Path)));

        Assert.Equal(0, RunHarness.Elicit($"{Elicit} --layers 0 3 --out_dir {run}").Code);
        string missing = RunHarness.BadInput(() => RunHarness.Eval($"eval {run} {Eval} --layers 0 3 6"));
        Assert.Contains("no reporter for layer 6 (the run has layers 0, 3)", missing);

        string size = RunHarness.BadInput(() => RunHarness.Eval($"eval {run} {Eval} --layers 3", source: data =>
            new ReferenceHiddenStates(data) { Tweak = split => ReferenceHiddenStates.Truncate(split, 100) }));
        Assert.Contains("takes hidden size 384, but all-MiniLM-L6-v2 gives 100", size);
    }
}
