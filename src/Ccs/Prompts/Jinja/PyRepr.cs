using System.Globalization;
using System.Text;

namespace Ccs.Prompts.Jinja;

/// <summary>Python's <c>str()</c> and <c>repr()</c> of template values: what <c>{{ x }}</c>, <c>|string</c> and
/// <c>|join</c> print (a list prints as <c>['a', 'b']</c>, None as <c>None</c>, 5.0 as <c>5.0</c>).</summary>
public static class PyRepr
{
    public static string Str(object? value) => value switch
    {
        string s => s,
        Undefined => "",
        _ => Repr(value),
    };

    public static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        string s => QuoteString(s),
        Undefined => "Undefined",
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        PyTuple t => t.Items.Count == 1 ? "(" + Repr(t.Items[0]) + ",)" : "(" + string.Join(", ", t.Items.Select(Repr)) + ")",
        PyDict d => "{" + string.Join(", ", d.Keys.Select(k => Repr(k) + ": " + Repr(d[k]))) + "}",
        PyRange r => r.Step == 1 ? $"range({r.Start}, {r.Stop})" : $"range({r.Start}, {r.Stop}, {r.Step})",
        PyNamespace ns => "<Namespace {" + string.Join(", ", ns.Attributes.Select(kv => QuoteString(kv.Key) + ": " + Repr(kv.Value))) + "}>",
        _ => throw new JinjaRuntimeException($"cannot print a {TypeName(value)} object (Python would print its memory address)"),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long or int => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        PyTuple => "tuple",
        PyDict => "dict",
        PyRange => "range",
        PyNamespace => "Namespace",
        PyGenerator g => g.Kind,
        PyFunction => "builtin_function_or_method",
        LoopContext => "LoopContext",
        Undefined => "Undefined",
        _ => value.GetType().Name,
    };

    /// <summary>Python <c>repr(float)</c>: the shortest round-tripping digits, positional notation for decimal
    /// exponents -4 ≤ e &lt; 16 (always with a fractional part), scientific otherwise (<c>1e-05</c>, <c>1e+16</c>).</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // "R" gives the shortest round-tripping digits in .NET's own notation: re-lay them out as Python does
        string shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        (string digits, int exponent) = Decompose(shortest);
        var sb = new StringBuilder();
        if (d < 0) sb.Append('-');
        if (exponent >= -4 && exponent < 16)
        {
            if (exponent >= 0)
            {
                string intPart = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                string frac = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
                sb.Append(intPart).Append('.').Append(frac);
            }
            else sb.Append("0.").Append('0', -exponent - 1).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Significant digits (no leading/trailing zeros) and the decimal exponent of the first digit.</summary>
    private static (string Digits, int Exponent) Decompose(string s)
    {
        int exp = 0;
        int e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        int dot = s.IndexOf('.');
        string intPart = dot < 0 ? s : s[..dot];
        string fracPart = dot < 0 ? "" : s[(dot + 1)..];
        string all = intPart + fracPart;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        string digits = all[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        return (digits, exp + intPart.Length - 1 - lead);
    }

    /// <summary>Python <c>repr(str)</c>: single quotes unless the text has a single quote and no double quote;
    /// backslash escapes for the quote, backslash, \t \n \r and non-printable characters.</summary>
    public static string QuoteString(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\t') sb.Append("\\t");
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, s[i + 1]);
                if (IsPrintable(cp)) sb.Append(c).Append(s[i + 1]);
                else sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                i++;
            }
            else if (IsPrintable(c)) sb.Append(c);
            else if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Python's <c>str.isprintable()</c> for one code point: not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp,
    /// Zs, except the ASCII space.</summary>
    private static bool IsPrintable(int cp)
    {
        if (cp == ' ') return true;
        var cat = cp <= 0xffff ? CharUnicodeInfo.GetUnicodeCategory((char)cp) : CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }
}
