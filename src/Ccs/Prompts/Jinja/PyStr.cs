using System.Text;

namespace Ccs.Prompts.Jinja;

/// <summary>Python <c>str</c> semantics that differ from .NET's: whitespace set, strip/split rules, code-point
/// indexing (Python indexes code points, .NET strings are UTF-16), case mapping.</summary>
public static class PyStr
{
    /// <summary>Python's <c>str.isspace()</c> set for one character (also what <c>re</c>'s <c>\s</c> matches): .NET's
    /// set plus the information separators U+001C..U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\u001c' && c <= '\u001f');

    public static bool IsAllSpace(string s) => s.Length > 0 && s.All(IsSpace);

    public static string Strip(string s, string? chars = null) => RStrip(LStrip(s, chars), chars);

    public static string LStrip(string s, string? chars = null)
    {
        int i = 0;
        while (i < s.Length && Strippable(s[i], chars)) i++;
        return s[i..];
    }

    public static string RStrip(string s, string? chars = null)
    {
        int j = s.Length;
        while (j > 0 && Strippable(s[j - 1], chars)) j--;
        return s[..j];
    }

    private static bool Strippable(char c, string? chars) => chars is null ? IsSpace(c) : chars.Contains(c);

    /// <summary><c>str.split(sep=None, maxsplit=-1)</c>.</summary>
    public static List<object?> Split(string s, string? sep, long maxSplit = -1)
    {
        var parts = new List<object?>();
        if (sep is null)
        {
            int i = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (maxSplit >= 0 && parts.Count >= maxSplit)
                {
                    parts.Add(RStrip(s[i..]));
                    break;
                }
                int start = i;
                while (i < s.Length && !IsSpace(s[i])) i++;
                parts.Add(s[start..i]);
            }
            return parts;
        }
        if (sep.Length == 0) throw new JinjaRuntimeException("ValueError: empty separator");
        int from = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            int at = s.IndexOf(sep, from, StringComparison.Ordinal);
            if (at < 0) break;
            parts.Add(s[from..at]);
            from = at + sep.Length;
        }
        parts.Add(s[from..]);
        return parts;
    }

    /// <summary><c>str.replace(old, new, count)</c>; an empty <paramref name="old"/> inserts between code points.</summary>
    public static string Replace(string s, string old, string replacement, long count = -1)
    {
        if (count < 0 && old.Length > 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder();
        if (old.Length == 0)
        {
            var points = CodePoints(s);
            long done = 0;
            foreach (string p in points)
            {
                if (count < 0 || done < count) { sb.Append(replacement); done++; }
                sb.Append(p);
            }
            if (count < 0 || done < count) sb.Append(replacement);
            return sb.ToString();
        }
        int from = 0;
        for (long n = 0; n < count; n++)
        {
            int at = s.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0) break;
            sb.Append(s, from, at - from).Append(replacement);
            from = at + old.Length;
        }
        return sb.Append(s, from, s.Length - from).ToString();
    }

    public static bool HasSurrogates(string s) => s.Any(char.IsSurrogate);

    /// <summary>The string as a list of code points (each a 1- or 2-char string).</summary>
    public static List<string> CodePoints(string s)
    {
        var list = new List<string>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                i++;
            }
            else list.Add(s[i].ToString());
        }
        return list;
    }

    /// <summary><c>len(s)</c>: code points.</summary>
    public static int Length(string s) => HasSurrogates(s) ? CodePoints(s).Count : s.Length;

    /// <summary><c>s[:n]</c> for n ≥ 0 (code points).</summary>
    public static string Prefix(string s, int n)
    {
        if (!HasSurrogates(s)) return s[..Math.Min(n, s.Length)];
        return string.Concat(CodePoints(s).Take(n));
    }

    /// <summary><c>str.lower()</c>. Python applies full case mapping and the final-sigma rule; the special cases
    /// that differ from .NET's simple mapping are handled here.</summary>
    public static string Lower(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == 'İ') sb.Append("i\u0307");
            else if (c == 'Σ') sb.Append(IsFinalSigma(s, i) ? 'ς' : 'σ');
            else sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static bool IsFinalSigma(string s, int i) =>
        i > 0 && char.IsLetter(s[i - 1]) && (i + 1 >= s.Length || !char.IsLetter(s[i + 1]));

    /// <summary><c>str.upper()</c> (ß becomes SS as in Python).</summary>
    public static string Upper(string s) => s.ToUpperInvariant().Replace("ß", "SS", StringComparison.Ordinal);

    /// <summary><c>str.capitalize()</c> (Python ≥ 3.8): first character upper/title case, the rest lower case.</summary>
    public static string Capitalize(string s)
    {
        if (s.Length == 0) return s;
        int first = char.IsHighSurrogate(s[0]) && s.Length > 1 ? 2 : 1;
        return Upper(s[..first]) + Lower(s[first..]);
    }
}
