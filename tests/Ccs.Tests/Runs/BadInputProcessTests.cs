using Ccs.Tests.Support;

namespace Ccs.Tests.Runs;

/// <summary>
/// Bad input to the real executable: a non-zero exit code, the error as the one last line of stderr, and no run
/// output written (the extraction cache may keep what was extracted; that is reusable, not half-written).
/// </summary>
public sealed class BadInputProcessTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"ccs-bad-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    private static string MiniLm => SharedMaterial.Path("models", "all-MiniLM-L6-v2");

    private string Work(string name) => Path.Combine(_work, name);

    /// <summary>The error line, after checking the exit code and that no run started writing.</summary>
    private static string Refused(CcsProcess.Result result, int code, string verb)
    {
        Assert.True(result.Code == code, $"exit code {result.Code}, stderr: {result.Err}");
        Assert.DoesNotContain("Output directory", result.Out);
        string last = result.Err.TrimEnd('\n').Split('\n')[^1];
        Assert.StartsWith($"ccs {verb}: error: ", last);
        return last;
    }

    [Fact]
    public void Eval_of_a_run_folder_that_does_not_exist()
    {
        var result = CcsProcess.Run(_work, "eval", Work("nowhere"), MiniLm, SharedMaterial.Path("data", "imdb"));
        string error = Refused(result, ExitCode.BadInput, "eval");
        Assert.Equal($"ccs eval: error: {Work("nowhere")}: no such run folder (SOURCE is read relative to {Work("runs")} unless absolute, e.g. gpt2/imdb/naughty-northcutt)", error);
        Assert.Single(result.Err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(Work("nowhere")));
    }

    [Fact]
    public void Eval_of_a_run_of_another_hidden_size_is_refused_before_extracting()
    {
        string run = Work("narrow");
        Assert.Equal(0, RunHarness.Elicit($"elicit narrow-model imdb --net eigen --max_examples 20 20 --layers 3 --out_dir {run}",
            source: data => new ReferenceHiddenStates(data) { Tweak = split => ReferenceHiddenStates.Truncate(split, 100) }).Code);

        var result = CcsProcess.Run(_work, "eval", run, MiniLm, SharedMaterial.Path("data", "imdb"), "--max_examples", "4", "4", "--layers", "3");
        string error = Refused(result, ExitCode.BadInput, "eval");
        Assert.Equal($"ccs eval: error: {Path.Combine(run, "reporters", "layer_3.json")}: the layer 3 reporter takes hidden size 100, but {MiniLm} gives 384; evaluate with the model the run was trained on", error);
        Assert.Single(result.Err.TrimEnd('\n').Split('\n'));   // refused from the model's config: nothing was loaded or extracted
        Assert.False(Directory.Exists(Path.Combine(run, "transfer")));
    }

    [Fact]
    public void A_dataset_with_one_class_only()
    {
        string data = Work("reviews");
        Directory.CreateDirectory(data);
        foreach (string split in new[] { "train", "test" })
            File.WriteAllLines(Path.Combine(data, $"{split}.jsonl"),
                Enumerable.Range(0, 6).Select(i => $"{{\"text\": \"A {split} review, number {i}: a fine film.\", \"label\": 1}}"));

        var result = CcsProcess.Run(_work, "elicit", MiniLm, data, "--template_path", "imdb", "--net", "eigen",
            "--max_examples", "6", "6", "--layers", "0", "--out_dir", Work("run"));
        string error = Refused(result, ExitCode.BadInput, "elicit");
        Assert.StartsWith($"ccs elicit: error: {data} (train split): no examples were extracted:", error);
        Assert.Contains("all its rows have one label", error);
        Assert.False(Directory.Exists(Work("run")));
    }

    [Fact]
    public void Ccs_with_two_datasets()
    {
        var result = CcsProcess.Run(_work, "elicit", MiniLm, SharedMaterial.Path("data", "imdb"), SharedMaterial.Path("data", "glue_sst2"),
            "--out_dir", Work("run"));
        Assert.Equal(ExitCode.Usage, result.Code);
        Assert.Equal("ccs elicit: error: --net ccs trains on one dataset at a time, but 2 were given; use --net eigen to pool datasets",
            Assert.Single(result.Err.TrimEnd('\n').Split('\n')));
        Assert.False(Directory.Exists(Work("run")));
    }
}
