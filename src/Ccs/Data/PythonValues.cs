namespace Ccs.Data;

/// <summary>Python semantics for table values where the original compares, sorts or strips them.</summary>
internal static class PythonValues
{
    /// <summary>Python equality of labels: numbers compare by value (1 == 1.0, True == 1), strings ordinally.</summary>
    public static new bool Equals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (string, _) or (_, string) => false,
        _ when AsNumber(a) is { } x && AsNumber(b) is { } y => x == y,
        _ => a.Equals(b),
    };

    /// <summary>Which values Python can order against each other: numbers (bools included) or strings.</summary>
    public static int SortGroup(object value) => value is string ? 1 : AsNumber(value) is not null ? 0 : 2;

    /// <summary>Python's <c>&lt;</c> on numbers, or code-point order on strings.</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        _ when AsNumber(a) is { } x && AsNumber(b) is { } y => x.CompareTo(y),
        _ => throw new InvalidOperationException($"cannot order {a} and {b}"),
    };

    private static double? AsNumber(object value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => null,
    };

    /// <summary>Python's <c>str.isspace()</c> for one character.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r'
        or '\x1c' or '\x1d' or '\x1e' or '\x1f' or '\x85' or '\xa0' or '\u1680' or (>= '\u2000' and <= '\u200a')
        or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000';

    /// <summary>Python's <c>str.strip()</c> (no arguments).</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>Python's <c>str.isspace()</c>: non-empty and all whitespace.</summary>
    public static bool IsAllSpace(string s) => s.Length > 0 && s.All(IsSpace);

    /// <summary>A value as Python's <c>repr</c> would show it in a message.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => "'" + s + "'",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
