using Ccs.Tests.Support;

namespace Ccs.Tests.Runs;

/// <summary>The real executable: elicit on a real model and dataset slice, then eval of that run on another dataset.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"ccs-e2e-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    private CcsProcess.Result Ccs(params string[] args) => CcsProcess.Run(_work, args);

    [Fact]
    public void Elicit_then_eval_write_the_originals_files()
    {
        string model = SharedMaterial.Path("models", "all-MiniLM-L6-v2");
        string run = Path.Combine(_work, "run");
        var elicit = Ccs("elicit", model, SharedMaterial.Path("data", "imdb"), "--net", "eigen", "--max_examples", "12", "12",
            "--layers", "0", "6", "--out_dir", run);
        Assert.True(elicit.Code == 0, elicit.Err);
        foreach (string file in new[] { "cfg.yaml", "fingerprints.yaml", "eval.csv", "train_eval.csv", "lr_eval.csv", "train_lr_eval.csv", "baselines_eval.csv" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"missing {file}");
        string[] eval = File.ReadAllLines(Path.Combine(run, "eval.csv"));
        Assert.Equal("dataset,layer,ensembling,auroc_estimate,auroc_lower,auroc_upper,cal_acc_estimate,cal_acc_lower,cal_acc_upper,acc_estimate,acc_lower,acc_upper,ece,cal_thresh,train_loss", eval[0]);
        Assert.Equal(1 + 2 * 3, eval.Length);   // 2 layers × 3 ensembling modes
        Assert.Contains(",6,partial,", eval[^1]);
        Assert.True(File.Exists(Path.Combine(run, "reporters", "layer_6.safetensors")));

        var again = Ccs("elicit", model, SharedMaterial.Path("data", "imdb"), "--net", "eigen", "--max_examples", "12", "12",
            "--layers", "0", "6", "--out_dir", Path.Combine(_work, "run2"));
        Assert.True(again.Code == 0, again.Err);
        Assert.DoesNotContain("Loading", again.Err);   // both splits came from the cache: the model was not loaded
        Assert.Equal(File.ReadAllText(Path.Combine(run, "eval.csv")), File.ReadAllText(Path.Combine(_work, "run2", "eval.csv")));

        var transfer = Ccs("eval", run, model, SharedMaterial.Path("data", "glue_sst2"), "--max_examples", "12", "12", "--layers", "0", "6");
        Assert.True(transfer.Code == 0, transfer.Err);
        Assert.True(File.Exists(Path.Combine(run, "transfer", "glue_sst2", "eval.csv")));
    }
}
