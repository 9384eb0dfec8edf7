using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Ccs.Prompts.Jinja;

/// <summary>Python's <c>int()</c>/<c>float()</c> parsing and correctly rounded decimal rounding (<c>round</c>,
/// <c>%.2f</c>): ties go to even on the exact binary value, so <c>round(2.675, 2)</c> is 2.67 and
/// <c>round(0.125, 2)</c> is 0.12.</summary>
public static partial class PyNumbers
{
    [GeneratedRegex(@"^[+-]?\d+(_\d+)*$")]
    private static partial Regex IntLiteral();

    [GeneratedRegex(@"^[+-]?((\d+(_\d+)*)?\.?\d+(_\d+)*|\d+(_\d+)*\.)([eE][+-]?\d+(_\d+)*)?$")]
    private static partial Regex FloatLiteral();

    public static bool TryParseInt(string s, out long value)
    {
        string t = PyStr.Strip(s);
        value = 0;
        return IntLiteral().IsMatch(t) && long.TryParse(t.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseFloat(string s, out double value)
    {
        string t = PyStr.Strip(s).ToLowerInvariant();
        string body = t.TrimStart('+', '-');
        bool negative = t.StartsWith('-');
        if (body is "inf" or "infinity") { value = negative ? double.NegativeInfinity : double.PositiveInfinity; return true; }
        if (body == "nan") { value = double.NaN; return true; }
        value = 0;
        return FloatLiteral().IsMatch(t) && double.TryParse(t.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The decimal digits of <paramref name="x"/> rounded half-to-even to <paramref name="digits"/>
    /// fractional digits (no sign; the caller adds it).</summary>
    public static string FixedDigits(double x, int digits)
    {
        x = Math.Abs(x);
        long bits = BitConverter.DoubleToInt64Bits(x);
        int rawExp = (int)((bits >> 52) & 0x7ff);
        long mantissa = bits & 0xfffffffffffffL;
        if (rawExp == 0) rawExp = 1; else mantissa |= 1L << 52;
        int exp = rawExp - 1075; // x = mantissa * 2^exp
        BigInteger scaled = mantissa * BigInteger.Pow(10, digits);
        BigInteger q;
        if (exp >= 0) q = scaled << exp;
        else
        {
            BigInteger denominator = BigInteger.One << -exp;
            q = BigInteger.DivRem(scaled, denominator, out BigInteger r);
            int half = (r * 2).CompareTo(denominator);
            if (half > 0 || (half == 0 && !q.IsEven)) q += 1;
        }
        string s = q.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        return digits == 0 ? s : s[..^digits] + "." + s[^digits..];
    }

    /// <summary>Python <c>round(value, ndigits)</c> for ndigits ≥ 0: an int stays an int, a float gives a float.</summary>
    public static object Round(object? value, long ndigits)
    {
        if (value is bool or long) return PyOps.AsLong(value);
        double x = PyOps.AsDouble(value);
        if (ndigits < 0) throw new JinjaRuntimeException("round with a negative precision is not supported");
        if (double.IsNaN(x) || double.IsInfinity(x) || ndigits > 300) return x;
        double r = double.Parse(FixedDigits(x, (int)ndigits), CultureInfo.InvariantCulture);
        return double.IsNegative(x) ? -r : r;
    }
}
