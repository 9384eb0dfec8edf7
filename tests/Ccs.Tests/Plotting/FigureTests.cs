using Ccs.Plotting;
using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace Ccs.Tests.Plotting;

/// <summary>The figures' content, checked on the ScottPlot objects and on rendered pixels.</summary>
public class FigureTests
{
    private static (SweepResults Sweep, TempFolder Temp) Read()
    {
        var temp = new TempFolder();
        return (SweepReader.Read(SyntheticSweep.Write(temp.Path, "s"), _ => { }), temp);
    }

    private static SyntheticSweep.Run Run(string model, string entry) =>
        SyntheticSweep.Runs.Single(run => run.Model == model && run.Entry == entry && run.Hparams == "");

    /// <summary>The tick labels as drawn (manual ticks are generated at render time).</summary>
    private static string[] TickLabels(Plot plot, IAxis axis)
    {
        plot.RenderInMemory(900, 700);
        return axis.TickGenerator.Ticks.Where(tick => tick.IsMajor).OrderBy(tick => tick.Position).Select(tick => tick.Label).ToArray();
    }

    [Fact]
    public void Heat_maps_exist_for_the_layers_present_and_only_with_transfer_results()
    {
        var (sweep, temp) = Read();
        using var _ = temp;
        Assert.Equal([0, 1, 2, 3], TransferHeatmap.Layers(sweep.ForModel("gpt2").ToList()));
        // --layer_stride 2: layers 0, 2, 4, 6 and nothing in between (the original drew 0..6 and crashed on 1).
        Assert.Equal([0, 2, 4, 6], TransferHeatmap.Layers(sweep.ForModel("pythia-160m").ToList()));
        Assert.Empty(TransferHeatmap.Layers(sweep.ForModel("tiny").ToList()));
        Assert.Empty(TransferHeatmap.Layers(sweep.ForModel("pythia-70m@var_weight=1.00@neg_cov_weight=0.50").ToList()));
    }

    [Fact]
    public void A_heat_map_shows_train_by_eval_AUROC_with_values_and_names_the_model()
    {
        var (sweep, temp) = Read();
        using var _ = temp;
        using var figure = TransferHeatmap.Build("pythia-160m", sweep.ForModel("pythia-160m").ToList(), 4);
        var plot = figure.Plot;

        Assert.Equal(Path.Combine("pythia-160m", "4"), figure.Stem);
        Assert.Equal("AUROC Score Heatmap: pythia-160m | Layer 4", plot.Axes.Title.Label.Text);
        Assert.Equal("Train Dataset", plot.Axes.Bottom.Label.Text);
        Assert.Equal("Transfer Dataset", plot.Axes.Left.Label.Text);
        Assert.Equal(["imdb", "super_glue:boolq"], TickLabels(plot, plot.Axes.Bottom));
        // Ticks run bottom-up: the first evaluated dataset is the top row.
        Assert.Equal(["super_glue:boolq", "imdb"], TickLabels(plot, plot.Axes.Left));

        var heatmap = Assert.Single(plot.GetPlottables<Heatmap>());
        string[] datasets = ["imdb", "super_glue:boolq"];
        Assert.Equal(2, heatmap.Intensities.GetLength(0));
        Assert.Equal(2, heatmap.Intensities.GetLength(1));
        var texts = plot.GetPlottables<Text>().Select(text => text.LabelText).ToList();
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 2; c++)
            {
                decimal expected = SyntheticSweep.Auroc(Run("EleutherAI/pythia-160m", datasets[c]), datasets[r], 4, "full");
                Assert.Equal((double)expected, heatmap.Intensities[r, c], 12);
                Assert.Contains(expected.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), texts);
            }
        }
        Assert.Equal(4, texts.Count);
    }

    [Fact]
    public void The_transfer_trend_has_a_line_per_eval_dataset_plus_the_average_over_full_ensembling()
    {
        var (sweep, temp) = Read();
        using var _ = temp;
        using var figure = TransferTrend.Build("gpt2", sweep.ForModel("gpt2").ToList())!;
        var plot = figure.Plot;
        Assert.Equal("AUROC Score Trend: gpt2 (ensembling: full)", plot.Axes.Title.Label.Text);
        Assert.Equal("Layer", plot.Axes.Bottom.Label.Text);
        Assert.Equal("AUROC Score", plot.Axes.Left.Label.Text);

        var lines = plot.GetPlottables<Scatter>().ToList();
        Assert.Equal(["amazon_polarity", "christykoh/imdb_pt", "imdb", "average"], lines.Select(line => line.LegendText));
        string[] entries = ["amazon_polarity", "imdb", "christykoh/imdb_pt"];
        foreach (var line in lines.Take(3))
        {
            var points = line.Data.GetScatterPoints();
            Assert.Equal([0.0, 1, 2, 3], points.Select(point => point.X));
            foreach (var point in points)
            {
                // Mean over the three training runs of the full-ensembling AUROC on this dataset.
                decimal expected = entries.Average(entry => SyntheticSweep.Auroc(Run("gpt2", entry), line.LegendText, (int)point.X, "full"));
                Assert.Equal((double)expected, point.Y, 12);
            }
        }
        var average = lines[^1];
        Assert.Equal(LinePattern.Dashed, average.LinePattern);
        Assert.Equal(Colors.Gray, average.LineColor);
        foreach (var point in average.Data.GetScatterPoints())
        {
            decimal expected = entries.Average(dataset => entries.Average(entry => SyntheticSweep.Auroc(Run("gpt2", entry), dataset, (int)point.X, "full")));
            Assert.Equal((double)expected, point.Y, 12);
        }
    }

    [Fact]
    public void The_dataset_multiplot_range_reaches_down_to_a_reporter_worse_than_chance()
    {
        static SweepRow Row(int layer, double auroc) => new("m", "", "m", "imdb", "imdb", false, layer, "full",
            new Dictionary<string, double> { ["auroc_estimate"] = auroc });
        using var figure = DatasetMultiplot.Build("m", [Row(0, 0.62), Row(1, 0.23)])!;
        var limits = Assert.Single(figure.Panels).Axes.GetLimits();
        Assert.Equal(0.2, limits.Bottom, 12);
        Assert.Equal(1.1, limits.Top, 12);
    }

    [Fact]
    public void The_dataset_multiplot_has_a_panel_per_dataset_with_a_line_per_ensembling_mode()
    {
        var (sweep, temp) = Read();
        using var _ = temp;
        using var figure = DatasetMultiplot.Build("gpt2", sweep.ForModel("gpt2").ToList())!;

        Assert.Equal("gpt2-line-ds-multiplot", figure.Stem);
        Assert.Equal("AUROC Trend: gpt2", figure.Header.Axes.Title.Label.Text);
        Assert.Equal(["Ensembling:", "full", "partial", "none"], figure.Header.Legend.ManualItems.Select(item => item.LabelText));
        Assert.Equal(4, figure.Multiplot.Subplots.GetPlots().Length); // header + 3 panels
        Assert.Equal(["amazon_polarity", "christykoh/imdb_pt", "imdb"], figure.Panels.Select(panel => panel.Axes.Title.Label.Text));
        Assert.Equal(90 + 360, figure.Height); // one row of three

        foreach (var panel in figure.Panels)
        {
            string dataset = panel.Axes.Title.Label.Text;
            var limits = panel.Axes.GetLimits();
            Assert.Equal(0.4, limits.Bottom, 12);
            Assert.Equal(1.1, limits.Top, 12);
            var lines = panel.GetPlottables<Scatter>().ToList();
            Assert.Equal(["full", "partial", "none"], lines.Select(line => line.LegendText));
            Assert.Equal(["#636EFA", "#EF553B", "#00CC96"], lines.Select(line => line.LineColor.ToHex()[..7]));
            foreach (var line in lines)
            {
                // In-distribution only: trained and evaluated on this dataset.
                foreach (var point in line.Data.GetScatterPoints())
                    Assert.Equal((double)SyntheticSweep.Auroc(Run("gpt2", dataset), dataset, (int)point.X, line.LegendText), point.Y, 12);
                Assert.Equal(4, line.Data.GetScatterPoints().Count);
            }
        }
    }

    [Fact]
    public void Text_is_actually_drawn_into_the_PNG()
    {
        var (sweep, temp) = Read();
        using var _ = temp;
        var rows = sweep.ForModel("gpt2").ToList();
        using var titled = TransferTrend.Build("gpt2", rows)!;
        using var untitled = TransferTrend.Build("gpt2", rows)!;
        untitled.Plot.Axes.Title.Label.ForeColor = Colors.Transparent; // same layout, no glyphs
        using var withTitle = SKBitmap.Decode(titled.Plot.GetImageBytes(titled.Width, titled.Height, ImageFormat.Png));
        using var withoutTitle = SKBitmap.Decode(untitled.Plot.GetImageBytes(untitled.Width, untitled.Height, ImageFormat.Png));
        Assert.Equal(titled.Width, withTitle.Width);
        Assert.Equal(titled.Height, withTitle.Height);

        // The title strip (top 30 pixels) holds dark glyph pixels only when the title is drawn: Skia silently draws
        // no text at all when it finds no font.
        int DarkPixels(SKBitmap bitmap)
        {
            int count = 0;
            for (int y = 0; y < 30; y++)
                for (int x = 0; x < bitmap.Width; x++)
                    if (bitmap.GetPixel(x, y).Red < 100) count++;
            return count;
        }
        Assert.True(DarkPixels(withTitle) > 200, $"only {DarkPixels(withTitle)} dark pixels in the title strip");
        Assert.Equal(0, DarkPixels(withoutTitle));
    }
}
