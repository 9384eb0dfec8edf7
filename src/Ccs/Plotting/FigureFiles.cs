using ScottPlot;
using SkiaSharp;

namespace Ccs.Plotting;

/// <summary>Writes each figure as <c>&lt;stem&gt;.png</c> and <c>&lt;stem&gt;.svg</c> under a folder.</summary>
public static class FigureFiles
{
    /// <summary>Writes the figure; returns the PNG's path.</summary>
    public static string Save(PlotFigure figure, string folder)
    {
        string stem = Stem(figure.Stem, folder);
        figure.Plot.SavePng(stem + ".png", figure.Width, figure.Height);
        figure.Plot.SaveSvg(stem + ".svg", figure.Width, figure.Height);
        return stem + ".png";
    }

    /// <summary>Writes the figure (ScottPlot saves multiplots as PNG only; the SVG goes through Skia's SVG canvas).</summary>
    public static string Save(MultiplotFigure figure, string folder)
    {
        string stem = Stem(figure.Stem, folder);
        figure.Multiplot.SavePng(stem + ".png", figure.Width, figure.Height);
        using (var file = File.Create(stem + ".svg"))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, figure.Width, figure.Height), file))
        {
            canvas.Clear(SKColors.White);
            figure.Multiplot.Render(canvas, new PixelRect(0, figure.Width, figure.Height, 0));
        }
        return stem + ".png";
    }

    private static string Stem(string relativeStem, string folder)
    {
        string stem = Path.Combine(folder, relativeStem);
        Directory.CreateDirectory(Path.GetDirectoryName(stem)!);
        return stem;
    }
}
