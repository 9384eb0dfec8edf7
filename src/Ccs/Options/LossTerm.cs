using System.Globalization;
using System.Text.RegularExpressions;

namespace Ccs.Options;

/// <summary>One weighted CCS loss term, e.g. <c>0.5*js</c> (spec 2.6, 5.4.4).</summary>
public sealed record LossTerm(string Name, double Coefficient)
{
    /// <summary>The registered loss names (spec 5.4.4).</summary>
    public static readonly IReadOnlyList<string> Names =
        ["ccs", "ccs_prompt_var", "js", "js_confidence", "consistency_squared", "confidence_squared", "prompt_var_squared"];

    /// <summary>The normalised form cfg.yaml stores: coefficient as a Python float repr, <c>1.0*ccs</c>.</summary>
    public override string ToString() => PythonFloat.Repr(Coefficient) + "*" + Name;
}

/// <summary>Parses the <c>--loss</c> term list exactly as the original's regular expressions (spec 2.6).</summary>
public static partial class LossSpec
{
    [GeneratedRegex(@"^\d+(\.)?\d*\*\w+$")]
    private static partial Regex WeightedTerm();

    [GeneratedRegex(@"^\w+$")]
    private static partial Regex BareTerm();

    /// <summary>Flag absent: <c>{ccs: 1.0}</c>.</summary>
    public static ValueList<LossTerm> Default { get; } = ValueList.Of(new LossTerm("ccs", 1.0));

    /// <summary>Flag given with no values: <c>{ccs_prompt_var: 1.0}</c>, as the original.</summary>
    public static ValueList<LossTerm> BareFlag { get; } = ValueList.Of(new LossTerm("ccs_prompt_var", 1.0));

    /// <summary>
    /// Parses terms. Unlike the original, which silently let <c>1*ccs 2*ccs</c> overwrite, any repeated name
    /// is rejected (the spec's recommendation).
    /// </summary>
    public static ValueList<LossTerm> Parse(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return BareFlag;
        var result = new List<LossTerm>();
        foreach (string term in terms)
        {
            // Regex \d and \w are Unicode-aware in .NET as in Python 3 str patterns.
            LossTerm parsed;
            if (WeightedTerm().IsMatch(term))
            {
                int star = term.IndexOf('*');
                double coefficient = double.Parse(term[..star], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                parsed = new LossTerm(term[(star + 1)..], coefficient);
            }
            else if (BareTerm().IsMatch(term))
            {
                parsed = new LossTerm(term, 1.0);
            }
            else
            {
                throw new UsageException(
                    $"Invalid loss term: {term}. Loss terms should be of the form 'coef*name' or 'name'.");
            }
            if (!LossTerm.Names.Contains(parsed.Name))
                throw new UsageException(
                    $"Unknown loss term: {parsed.Name} (known: {string.Join(", ", LossTerm.Names)})");
            if (result.Any(r => r.Name == parsed.Name))
                throw new UsageException($"Duplicate loss term: {parsed.Name}");
            result.Add(parsed);
        }
        return result.ToValueList();
    }
}

/// <summary>Formats doubles the way Python's <c>repr(float)</c> does, for files the original wrote.</summary>
public static class PythonFloat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // Shortest round-trip significant digits (as Python), then Python's layout: positional for
        // 1e-4 <= |x| < 1e16, else d.ddde±XX.
        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        (string digits, int exponent) = SignificantDigits(shortest);
        string sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        if (exponent < 0) return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        if (digits.Length <= exponent + 1) return $"{sign}{digits}{new string('0', exponent + 1 - digits.Length)}.0";
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    /// <summary>Digits without leading/trailing zeros and the decimal exponent of the first one.</summary>
    private static (string Digits, int Exponent) SignificantDigits(string roundTrip)
    {
        int e = roundTrip.IndexOfAny(['E', 'e']);
        int exponent = e >= 0 ? int.Parse(roundTrip[(e + 1)..], CultureInfo.InvariantCulture) : 0;
        string number = e >= 0 ? roundTrip[..e] : roundTrip;
        int dot = number.IndexOf('.');
        string integer = dot >= 0 ? number[..dot] : number;
        string all = integer + (dot >= 0 ? number[(dot + 1)..] : "");
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        string digits = all.Trim('0');
        return (digits, exponent + integer.Length - 1 - leadingZeros);
    }
}
