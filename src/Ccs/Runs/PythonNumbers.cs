using Ccs.Options;

namespace Ccs.Runs;

/// <summary>How the original's CSV files print numbers (pandas <c>df.round(4).to_csv()</c>, spec 9.5).</summary>
public static class PythonNumbers
{
    /// <summary>
    /// NumPy's <c>round(x, decimals)</c>: scale, round half to even on the binary value, scale back
    /// (<c>numpy/core/src/multiarray/calculation.c</c> PyArray_Round), not exact decimal rounding.
    /// </summary>
    public static double Round(double value, int decimals)
    {
        double scale = Math.Pow(10, decimals);
        return Math.Round(value * scale, MidpointRounding.ToEven) / scale;
    }

    /// <summary>A CSV cell: empty for missing/NaN, else the value rounded to 4 decimals in Python's repr.</summary>
    public static string Cell(double? value) =>
        value is not { } v || double.IsNaN(v) ? "" : PythonFloat.Repr(Round(v, 4));
}
