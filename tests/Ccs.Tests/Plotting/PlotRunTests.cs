using System.Diagnostics;
using System.Xml.Linq;
using Ccs.Options;
using Ccs.Runs;
using SkiaSharp;

namespace Ccs.Tests.Plotting;

[Collection(DrawnSweepCollection.Name)]
public class PlotRunTests(VisualizedSweepFixture drawn)
{
    private static (int Code, string Out) Plot(string sweepsRoot, bool overwrite, params string[] sweeps)
    {
        var output = new StringWriter();
        int code = PlotRun.Run(new PlotOptions(sweeps.ToValueList(), overwrite), sweepsRoot, new CcsConsole(output, new StringWriter(), false), default);
        return (code, output.ToString());
    }

    [Fact]
    public void The_figures_have_the_original_file_names_and_sizes()
    {
        string viz = drawn.Viz;
        foreach (string stem in new[] { "gpt2/0", "gpt2/1", "gpt2/2", "gpt2/3", "gpt2/transfer_eval_trend", "gpt2-line-ds-multiplot",
                     "pythia-160m/0", "pythia-160m/2", "pythia-160m/4", "pythia-160m/6", "pythia-160m/transfer_eval_trend",
                     "pythia-70m@var_weight=0.00@neg_cov_weight=1.00/transfer_eval_trend", "tiny-line-ds-multiplot" })
        {
            Assert.True(File.Exists(Path.Combine(viz, stem + ".png")), stem + ".png");
            Assert.True(File.Exists(Path.Combine(viz, stem + ".svg")), stem + ".svg");
        }
        // Only layers present get a heat map, and only models with transfer results.
        Assert.False(File.Exists(Path.Combine(viz, "pythia-160m", "1.png")));
        Assert.False(File.Exists(Path.Combine(viz, "tiny", "0.png")));
        Assert.True(File.Exists(Path.Combine(viz, "gpt2-line-ds-multiplot.html")));
        Assert.True(File.Exists(Path.Combine(viz, "score_table_auroc_estimate.csv")));
        Assert.True(File.Exists(Path.Combine(viz, "index.html")));

        using (var heatmap = SKBitmap.Decode(Path.Combine(viz, "gpt2", "2.png")))
            Assert.Equal((900, 700), (heatmap.Width, heatmap.Height));
        using (var multiplot = SKBitmap.Decode(Path.Combine(viz, "gpt2-line-ds-multiplot.png")))
            Assert.Equal((1400, 450), (multiplot.Width, multiplot.Height));

        // The SVGs are well-formed and carry their text.
        var svg = XDocument.Load(Path.Combine(viz, "gpt2-line-ds-multiplot.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Contains("AUROC Trend: gpt2", svg.Root.Value);
        Assert.Contains("AUROC Score Heatmap: gpt2 | Layer 2", XDocument.Load(Path.Combine(viz, "gpt2", "2.svg")).Root!.Value);
    }

    [Fact]
    public void Progress_and_the_score_table_are_printed()
    {
        string output = drawn.Output.ToString();
        Assert.Contains("gpt2: 6 figure(s) (4 transfer heat map(s))", output);
        Assert.Contains("| Best Layer ", output);
        Assert.Contains($"Score table written to {Path.Combine(drawn.Viz, "score_table_auroc_estimate.csv")}", output);
        Assert.Contains($"Report written to {Path.Combine(drawn.Viz, "index.html")}", output);
        Assert.Equal("", drawn.Errors.ToString());
    }

    [Fact]
    public void Sweep_selection_and_the_viz_folder_rules()
    {
        using var temp = new TempFolder();
        string root = Path.Combine(temp.Path, "sweeps");

        var none = Assert.Throws<CcsException>(() => Plot(root, false));
        Assert.Equal($"no sweeps in {root}: run 'ccs sweep' first, or name a sweep", none.Message);

        string old = SyntheticSweep.Write(root, "old-sweep", SyntheticSweep.Small), recent = SyntheticSweep.Write(root, "recent-sweep", SyntheticSweep.Small);
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));
        var missing = Assert.Throws<CcsException>(() => Plot(root, false, "recent-sweep", "nope"));
        Assert.Equal(ExitCode.BadInput, missing.ExitCode);
        Assert.Equal($"no sweep named 'nope' in {root}", missing.Message);
        Assert.False(Directory.Exists(Path.Combine(recent, "viz"))); // checked before anything is drawn

        // No name: the newest sweep. --overwrite without an existing viz/ is a no-op (the original crashed).
        var (code, output) = Plot(root, true);
        Assert.Equal(0, code);
        Assert.StartsWith($"Reading most recent sweep from {recent}\n", output);
        Assert.True(File.Exists(Path.Combine(recent, "viz", "index.html")));
        Assert.False(Directory.Exists(Path.Combine(old, "viz")));

        var exists = Assert.Throws<CcsException>(() => Plot(root, false, "recent-sweep"));
        Assert.Equal($"{Path.Combine(recent, "viz")} already exists: use --overwrite to replace it", exists.Message);

        string stale = Path.Combine(recent, "viz", "stale.txt");
        File.WriteAllText(stale, "from an earlier plot");
        Assert.Equal(0, Plot(root, true, "recent-sweep").Code);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(recent, "viz", "gpt2", "2.png")));
        Assert.True(File.Exists(Path.Combine(recent, "viz", "gpt2", "transfer_eval_trend.png")));
    }

    [Fact]
    public void The_ccs_executable_plots_a_sweep_under_CCS_DIR()
    {
        using var temp = new TempFolder();
        SyntheticSweep.Write(Path.Combine(temp.Path, "sweeps"), "cli-sweep", SyntheticSweep.Small);

        (int Code, string Out, string Err) Ccs(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccs.dll"));
            foreach (string arg in args) start.ArgumentList.Add(arg);
            start.Environment["CCS_DIR"] = temp.Path;
            using var process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "ccs did not exit within 60 s");
            return (process.ExitCode, stdout.Result, stderr.Result);
        }

        var first = Ccs("plot", "cli-sweep");
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("Plotting sweep ", first.Out);
        Assert.True(File.Exists(Path.Combine(temp.Path, "sweeps", "cli-sweep", "viz", "index.html")));

        var again = Ccs("plot", "cli-sweep");
        Assert.Equal(ExitCode.BadInput, again.Code);
        Assert.Equal($"ccs plot: error: {Path.Combine(temp.Path, "sweeps", "cli-sweep", "viz")} already exists: use --overwrite to replace it\n", again.Err);
    }
}
