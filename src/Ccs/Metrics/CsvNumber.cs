using System.Globalization;

namespace Ccs.Metrics;

/// <summary>How the original's CSV writer prints a metric (pandas <c>round(4)</c>, then <c>to_csv</c>; spec 9.5).</summary>
public static class CsvNumber
{
    /// <summary>NumPy <c>round(x, 4)</c>: scale by 10⁴, round half to even on the binary value, scale back.</summary>
    public static double Round4(double value) => Math.Round(value * 10_000.0, MidpointRounding.ToEven) / 10_000.0;

    /// <summary>The rounded value as the shortest round-trip decimal (<c>0.5</c>, <c>1.0</c>); NaN and null as an empty field.</summary>
    public static string Format(double? value)
    {
        if (value is not { } v || double.IsNaN(v)) return "";
        double r = Round4(v);
        string s = r.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains("Infinity") ? s : s + ".0";
    }
}
