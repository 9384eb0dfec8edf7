using ScottPlot;

namespace Ccs.Plotting;

/// <summary>What all figures share: the font (Skia draws no text at all when it finds none, so it is named
/// explicitly), and the original's colours.</summary>
public static class FigureStyle
{
    /// <summary>Installed by <c>fonts-dejavu-core</c> (see .ci/run).</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Plotly's qualitative palette (<c>plotly.colors.qualitative.Plotly</c>), which the original's line
    /// plots use; <c>full</c>, <c>partial</c>, <c>none</c> take the first three.</summary>
    public static IReadOnlyList<Color> Plotly { get; } =
    [
        Color.FromHex("#636EFA"), Color.FromHex("#EF553B"), Color.FromHex("#00CC96"), Color.FromHex("#AB63FA"),
        Color.FromHex("#FFA15A"), Color.FromHex("#19D3F3"), Color.FromHex("#FF6692"), Color.FromHex("#B6E880"),
        Color.FromHex("#FF97FF"), Color.FromHex("#FECB52"),
    ];

    /// <summary>The ensembling modes in the original's legend order.</summary>
    public static IReadOnlyList<string> EnsemblingModes { get; } = ["full", "partial", "none"];

    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        return plot;
    }

    /// <summary>Layers are integers: no 0.5 ticks.</summary>
    public static void IntegerLayerTicks(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
}
