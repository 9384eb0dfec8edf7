using System.Globalization;
using System.Text;

namespace Ccs.Prompts.Jinja;

/// <summary>Python's printf-style <c>str % args</c> (also Jinja's <c>format</c> filter) for the conversions
/// templates use: <c>%s %r %d %i %f %F %%</c> with flags, width and precision, and <c>%(key)s</c> with a dict.</summary>
public static class PyFormat
{
    public static string Percent(string format, object? args)
    {
        IReadOnlyList<object?> positional = args is PyTuple t ? t.Items : [args];
        var mapping = args as PyDict;
        int next = 0;
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= format.Length) throw new JinjaRuntimeException("ValueError: incomplete format");
            object? value = null;
            bool haveValue = false;
            if (format[i] == '(')
            {
                int close = format.IndexOf(')', i);
                if (mapping is null || close < 0) throw new JinjaRuntimeException("TypeError: format requires a mapping");
                string key = format[(i + 1)..close];
                if (!mapping.TryGet(key, out value)) throw new JinjaRuntimeException($"KeyError: {PyRepr.Repr(key)}");
                haveValue = true;
                i = close + 1;
            }
            string flags = "";
            while (i < format.Length && "-+ #0".Contains(format[i])) flags += format[i++];
            int width = ReadNumber(format, ref i);
            int precision = -1;
            if (i < format.Length && format[i] == '.') { i++; precision = Math.Max(0, ReadNumber(format, ref i)); }
            if (i >= format.Length) throw new JinjaRuntimeException("ValueError: incomplete format");
            char conv = format[i];
            if (conv == '%') { sb.Append('%'); continue; }
            if (!haveValue)
            {
                if (next >= positional.Count) throw new JinjaRuntimeException("TypeError: not enough arguments for format string");
                value = positional[next++];
            }
            sb.Append(Pad(Convert(conv, value, precision, flags), width, flags));
        }
        if (mapping is null && next < positional.Count)
            throw new JinjaRuntimeException("TypeError: not all arguments converted during string formatting");
        return sb.ToString();
    }

    private static int ReadNumber(string s, ref int i)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start ? int.Parse(s[start..i], CultureInfo.InvariantCulture) : 0;
    }

    private static string Convert(char conv, object? value, int precision, string flags)
    {
        switch (conv)
        {
            case 's':
                string s = PyRepr.Str(value);
                return precision >= 0 ? PyStr.Prefix(s, precision) : s;
            case 'r':
                return PyRepr.Repr(value);
            case 'd' or 'i':
                long n = value is double d ? (long)Math.Truncate(d) : PyOps.AsLong(value);
                return Sign(n < 0, flags) + Math.Abs(n).ToString(CultureInfo.InvariantCulture);
            case 'f' or 'F':
                double x = PyOps.AsDouble(value);
                return Sign(double.IsNegative(x), flags) + PyNumbers.FixedDigits(x, precision < 0 ? 6 : precision);
            default:
                throw new JinjaRuntimeException($"unsupported format character '{conv}'");
        }
    }

    private static string Sign(bool negative, string flags) =>
        negative ? "-" : flags.Contains('+') ? "+" : flags.Contains(' ') ? " " : "";

    private static string Pad(string s, int width, string flags)
    {
        if (s.Length >= width) return s;
        if (flags.Contains('-')) return s.PadRight(width);
        if (flags.Contains('0') && s.Length > 0 && (char.IsAsciiDigit(s[^1]) || s[^1] == '.'))
        {
            int signLength = s.Length > 0 && "+- ".Contains(s[0]) ? 1 : 0;
            return s[..signLength] + new string('0', width - s.Length) + s[signLength..];
        }
        return s.PadLeft(width);
    }
}
