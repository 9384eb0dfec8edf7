using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Cli;
using Ccs.Tests.Plotting;

namespace Ccs.Tests.Runs;

/// <summary>
/// A sweep that dies mid-way (here: an exception the sweep does not catch, thrown after a cell wrote its files but
/// before it was marked done, as a kill at that moment would leave it) and is then rerun: finished cells are not run
/// again, and every reporter and baseline CSV equals the one of a sweep that was never interrupted. Real elicit and
/// eval on the reference hidden states. (The logistic-regression CSVs are left out: the LR fit is not bit-reproducible
/// between runs, its AUROCs differ in the fourth decimal.)
/// </summary>
[Collection(Name)]
public sealed class SweepResumeTests
{
    /// <summary>Runs alone: two whole sweeps of fits in-process, kept apart from the other torch-heavy tests.</summary>
    public const string Name = "Sweep resumption, not in parallel";

    private const string CommandLine =
        "sweep --models m --datasets a b --add_pooled --net eigen --max_examples 20 20 --layers 6 --name s";

    private sealed class Killed() : Exception("killed");

    private static async Task<int> Sweep(string root, List<string> ran, string? dieAfter = null)
    {
        var options = CliHarness.Parse<SweepOptions>(CommandLine);
        var steps = new SweepSteps(
            (data, _, _) => new ReferenceHiddenStates(data),
            async (o, console, source, token) =>
            {
                ran.Add(o.Run.OutDir!);
                int code = await ElicitRun.RunAsync(o, console, source, token, root);
                if (Path.GetFileName(o.Run.OutDir) == dieAfter) throw new Killed();
                return code;
            },
            (o, console, source, token) =>
            {
                ran.Add(o.Run.OutDir!);
                return EvalRun.RunAsync(o, console, source, token, root);
            });
        var output = new StringWriter();
        return await SweepRun.RunAsync(options, new CcsConsole(output, output, false), steps, Path.Combine(root, "sweeps"), default);
    }

    private static Dictionary<string, string> Csvs(string root)
    {
        string sweep = Path.Combine(root, "sweeps", "s");
        return Directory.GetFiles(sweep, "*.csv", SearchOption.AllDirectories).Where(f => !f.EndsWith("lr_eval.csv", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(sweep, f), File.ReadAllText);
    }

    [Fact]
    public async Task A_rerun_after_a_crash_redoes_only_unfinished_cells_and_ends_as_an_uninterrupted_sweep()
    {
        using var once = new TempFolder();
        using var twice = new TempFolder();
        var ranOnce = new List<string>();
        Assert.Equal(0, await Sweep(once.Path, ranOnce));
        Assert.Equal(5, ranOnce.Count);   // a, a -> b, b, b -> a, a+b

        var ranFirst = new List<string>();
        await Assert.ThrowsAsync<Killed>(() => Sweep(twice.Path, ranFirst, dieAfter: "b"));
        string a = Path.Combine(twice.Path, "sweeps", "s", "m", "a"), b = Path.Combine(twice.Path, "sweeps", "s", "m", "b");
        Assert.Equal([a, Path.Combine(a, "transfer", "b"), b], ranFirst);
        Assert.True(File.Exists(Path.Combine(b, "eval.csv")));   // written, but the cell never finished
        DateTime aWritten = File.GetLastWriteTimeUtc(Path.Combine(a, "eval.csv"));

        var ranSecond = new List<string>();
        Assert.Equal(0, await Sweep(twice.Path, ranSecond));
        Assert.Equal([b, Path.Combine(b, "transfer", "a"), Path.Combine(twice.Path, "sweeps", "s", "m", "a+b")], ranSecond);
        Assert.Equal(aWritten, File.GetLastWriteTimeUtc(Path.Combine(a, "eval.csv")));

        var expected = Csvs(once.Path);
        var actual = Csvs(twice.Path);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("m/a+b/eval.csv", expected.Keys);
        Assert.Contains("m/b/transfer/a/eval.csv", expected.Keys);
        foreach (var (file, text) in expected) Assert.True(text == actual[file], $"{file} differs from the uninterrupted sweep");
    }
}

[CollectionDefinition(SweepResumeTests.Name, DisableParallelization = true)]
public sealed class SweepResumeCollection;
