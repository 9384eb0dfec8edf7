using System.Diagnostics;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace Ccs.Tests.Plotting;

/// <summary><c>viz/index.html</c> opened in headless Chromium: self-contained, and its figures really display.</summary>
[Collection(DrawnSweepCollection.Name)]
public partial class ReportBrowserTests(VisualizedSweepFixture drawn)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void The_report_needs_no_network_and_no_other_file()
    {
        string html = File.ReadAllText(drawn.Result.Report);
        var sources = SourceAttribute().Matches(html).Select(match => match.Groups[1].Value).ToList();
        // gpt2 and pythia-160m: 4 heat maps each; every one of the 5 model labels: a trend and a multiplot.
        Assert.Equal(4 + 4 + 5 * 2, sources.Count);
        Assert.All(sources, source => Assert.StartsWith("data:image/png;base64,", source));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("<td>Best Layer</td>", html);
        Assert.Contains("<h2>pythia-70m@var_weight=0.00@neg_cov_weight=1.00</h2>", html);
    }

    [Fact]
    public void Chromium_shows_the_figures()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the chromium package (.ci/run does)");
        using var temp = new TempFolder();
        // The same page with every image emptied, as the reference for "no figure shown".
        string bare = Path.Combine(temp.Path, "bare.html");
        File.WriteAllText(bare, SourceAttribute().Replace(File.ReadAllText(drawn.Result.Report), "src=\"\""));
        // Copied away from viz/ too: the page must not need its neighbours.
        string alone = Path.Combine(temp.Path, "index.html");
        File.Copy(drawn.Result.Report, alone);

        using var withFigures = Screenshot(alone, temp.Path);
        using var withoutFigures = Screenshot(bare, temp.Path);

        // Both pages render (text on white), but only the real one shows the plots: pixels in the lines' colours
        // (Plotly blue #636EFA, the "full" lines) and Viridis yellow (the best heat-map cells) appear only there.
        Assert.True(DarkPixels(withFigures) > 1000, "the report looks blank");
        Assert.True(DarkPixels(withoutFigures) > 1000, "the bare report looks blank");
        int blue = PixelsNear(withFigures, new SKColor(0x63, 0x6E, 0xFA));
        Assert.True(blue > 300, $"only {blue} pixels of the line colour: the figures did not display");
        Assert.Equal(0, PixelsNear(withoutFigures, new SKColor(0x63, 0x6E, 0xFA)));
        Assert.True(Differing(withFigures, withoutFigures) > 50_000);
    }

    private static SKBitmap Screenshot(string page, string tempRoot)
    {
        string profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        string shot = Path.Combine(tempRoot, Path.GetFileNameWithoutExtension(page) + ".png");
        try
        {
            var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile}", $"--screenshot={shot}", "--window-size=1200,2000", new Uri(page).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium took more than 90 s");
            }
            Assert.True(File.Exists(shot), $"chromium wrote no screenshot (exit {process.ExitCode}): {stderr.Result}");
            var bitmap = SKBitmap.Decode(shot);
            Assert.Equal((1200, 2000), (bitmap.Width, bitmap.Height));
            return bitmap;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }

    private static int DarkPixels(SKBitmap bitmap) => Count(bitmap, pixel => pixel.Red + pixel.Green + pixel.Blue < 200);

    private static int PixelsNear(SKBitmap bitmap, SKColor color) => Count(bitmap, pixel =>
        Math.Abs(pixel.Red - color.Red) + Math.Abs(pixel.Green - color.Green) + Math.Abs(pixel.Blue - color.Blue) < 30);

    private static int Differing(SKBitmap a, SKBitmap b)
    {
        int count = 0;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
                if (a.GetPixel(x, y) != b.GetPixel(x, y)) count++;
        return count;
    }

    private static int Count(SKBitmap bitmap, Func<SKColor, bool> predicate)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (predicate(bitmap.GetPixel(x, y))) count++;
        return count;
    }

    [GeneratedRegex("src=\"([^\"]*)\"")]
    private static partial Regex SourceAttribute();
}
