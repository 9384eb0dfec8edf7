using ScottPlot;

namespace Ccs.Plotting;

/// <summary>A single-plot figure and the file name it is saved under (without extension, relative to viz/).</summary>
public sealed record PlotFigure(string Stem, Plot Plot, int Width, int Height) : IDisposable
{
    public void Dispose() => Plot.Dispose();
}

/// <summary>A grid figure: a header plot (title and legend) above one panel per dataset.</summary>
public sealed record MultiplotFigure(string Stem, Multiplot Multiplot, Plot Header, IReadOnlyList<Plot> Panels, int Width, int Height) : IDisposable
{
    public void Dispose()
    {
        Header.Dispose();
        foreach (var panel in Panels) panel.Dispose();
    }
}
