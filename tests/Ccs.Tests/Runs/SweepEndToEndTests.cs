using System.Text.RegularExpressions;
using Ccs.Tests.Support;

namespace Ccs.Tests.Runs;

/// <summary>
/// The real executable sweeping MiniLM (under another folder name, a symbolic link) over two small datasets: the model
/// is loaded once for all four cells, a second sweep over the same cache loads it not at all, and <c>ccs plot</c>
/// without an argument draws the newest sweep. (Several models are covered without a model in SweepRunTests.)
/// </summary>
public sealed partial class SweepEndToEndTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("ccs-sweep-e2e-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private CcsProcess.Result Ccs(params string[] args) => CcsProcess.Run(_work, args);

    private string[] Sweep(string name, string copy) =>
    [
        "sweep", "--models", copy,
        "--datasets", SharedMaterial.Path("data", "glue_sst2"), SharedMaterial.Path("data", "glue_rte"),
        "--net", "eigen", "--max_examples", "4", "4", "--layers", "6", "--supervised", "none", "--name", name,
    ];

    [Fact]
    public void The_model_is_loaded_once_per_sweep_and_not_at_all_from_a_full_cache()
    {
        string copy = Path.Combine(_work, "minilm-copy");
        Directory.CreateSymbolicLink(copy, SharedMaterial.Path("models", "all-MiniLM-L6-v2"));

        var first = Ccs(Sweep("first", copy));
        Assert.True(first.Code == 0, first.Err);
        Assert.Equal([copy], ModelLoads().Matches(first.Err).Select(m => m.Groups[1].Value));
        string sweep = Path.Combine(_work, "runs", "sweeps", "first");
        foreach (string cell in new[] { "glue_rte", "glue_rte/transfer/glue_sst2", "glue_sst2", "glue_sst2/transfer/glue_rte" })
            Assert.True(File.Exists(Path.Combine(sweep, "minilm-copy", cell, "eval.csv")), $"minilm-copy/{cell} has no eval.csv");

        var second = Ccs(Sweep("second", copy));
        Assert.True(second.Code == 0, second.Err);
        Assert.Empty(ModelLoads().Matches(second.Err));
        Assert.Equal(File.ReadAllText(Path.Combine(sweep, "minilm-copy", "glue_sst2", "transfer", "glue_rte", "eval.csv")),
            File.ReadAllText(Path.Combine(_work, "runs", "sweeps", "second", "minilm-copy", "glue_sst2", "transfer", "glue_rte", "eval.csv")));

        var plot = Ccs("plot");
        Assert.True(plot.Code == 0, plot.Err);
        Assert.Contains($"Reading most recent sweep from {Path.Combine(_work, "runs", "sweeps", "second")}", plot.Out);
        Assert.True(File.Exists(Path.Combine(_work, "runs", "sweeps", "second", "viz", "index.html")));
        Assert.False(Directory.Exists(Path.Combine(sweep, "viz")));
    }

    [GeneratedRegex(@"^Loading (\S+) \(", RegexOptions.Multiline)]
    private static partial Regex ModelLoads();
}
