using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ccs.Prompts.Jinja;

/// <summary>Jinja2's lexer (jinja2/lexer.py <c>Lexer.tokeniter</c>/<c>wrap</c>) for the default delimiters and
/// the settings promptsource uses: no <c>trim_blocks</c>, no <c>lstrip_blocks</c>, one trailing newline of the
/// source dropped, <c>-</c> whitespace control on <c>{{ }}</c>, <c>{% %}</c> and <c>{# #}</c>.</summary>
public static partial class Lexer
{
    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex Newline();

    [GeneratedRegex(@"\G\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\G(?<!\.)(\d+_)*\d+((\.(\d+_)*\d+)?e[+\-]?(\d+_)*\d+|\.(\d+_)*\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex FloatLiteral();

    [GeneratedRegex(@"\G(0b(_?[0-1])+|0o(_?[0-7])+|0x(_?[\da-f])+|[1-9](_?\d)*|0(_?0)*)", RegexOptions.IgnoreCase)]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex(@"\G[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*")]
    private static partial Regex Name();

    [GeneratedRegex(@"\G('([^'\\]*(?:\\.[^'\\]*)*)'|""([^""\\]*(?:\\.[^""\\]*)*)"")", RegexOptions.Singleline)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\G(//|\*\*|==|!=|>=|<=|[+\-/*%~\[\](){}><=.:|,;])")]
    private static partial Regex Operator();

    [GeneratedRegex(@"\G\{%[-+]?\s*raw\s*")]
    private static partial Regex RawBlock();

    public static List<Token> Tokenize(string source)
    {
        var lines = Newline().Split(source).ToList();
        if (lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        source = string.Join("\n", lines);

        var tokens = new List<Token>();
        int pos = 0, line = 1;
        while (pos < source.Length)
        {
            int tag = NextTag(source, pos);
            if (tag < 0)
            {
                tokens.Add(new Token(TokenKind.Data, source[pos..], line));
                break;
            }
            char sign = tag + 2 < source.Length ? source[tag + 2] : '\0';
            string text = source[pos..tag];
            if (sign == '-') text = PyStr.RStrip(text);
            if (text.Length > 0) tokens.Add(new Token(TokenKind.Data, text, line));
            line += CountNewlines(source, pos, tag);
            char kind = source[tag + 1];
            if (kind == '%' && RawBlock().IsMatch(source, tag))
                throw new TemplateSyntaxException("{% raw %} blocks are not supported", line);
            pos = tag + 2 + (sign is '-' or '+' ? 1 : 0);
            if (kind == '#') pos = SkipComment(source, pos, ref line);
            else pos = LexTag(source, pos, kind == '{', tokens, ref line);
        }
        tokens.Add(new Token(TokenKind.Eof, "", line));
        return tokens;
    }

    private static int NextTag(string source, int from)
    {
        for (int i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%' or '#') return i;
        }
        return -1;
    }

    private static int CountNewlines(string s, int from, int to)
    {
        int n = 0;
        for (int i = from; i < to; i++) if (s[i] == '\n') n++;
        return n;
    }

    /// <summary>Comments end at the first <c>#}</c> (with <c>-#}</c> also eating the whitespace after it).</summary>
    private static int SkipComment(string source, int pos, ref int line)
    {
        int end = source.IndexOf("#}", pos, StringComparison.Ordinal);
        if (end < 0) throw new TemplateSyntaxException("Missing end of comment tag", line);
        line += CountNewlines(source, pos, end);
        int after = end + 2;
        if (end > pos && source[end - 1] == '-') after = SkipWhitespace(source, after, ref line);
        return after;
    }

    private static int SkipWhitespace(string source, int pos, ref int line)
    {
        var m = Whitespace().Match(source, pos);
        if (!m.Success) return pos;
        line += m.Value.Count(c => c == '\n');
        return pos + m.Length;
    }

    private static int LexTag(string source, int pos, bool variable, List<Token> tokens, ref int line)
    {
        tokens.Add(new Token(variable ? TokenKind.VariableBegin : TokenKind.BlockBegin, "", line));
        string close = variable ? "}}" : "%}";
        var balance = new Stack<char>();
        while (true)
        {
            if (pos >= source.Length)
                throw new TemplateSyntaxException($"unexpected end of template, expected '{close}'", line);
            if (balance.Count == 0)
            {
                int end = MatchTagEnd(source, pos, close, variable, ref line);
                if (end >= 0)
                {
                    tokens.Add(new Token(variable ? TokenKind.VariableEnd : TokenKind.BlockEnd, "", line));
                    return end;
                }
            }
            Match m;
            if ((m = Whitespace().Match(source, pos)).Success)
            {
                line += m.Value.Count(c => c == '\n');
            }
            else if ((m = FloatLiteral().Match(source, pos)).Success)
            {
                tokens.Add(new Token(TokenKind.Float, double.Parse(m.Value.Replace("_", ""), CultureInfo.InvariantCulture), line));
            }
            else if ((m = IntegerLiteral().Match(source, pos)).Success)
            {
                tokens.Add(new Token(TokenKind.Integer, ParseInteger(m.Value.Replace("_", ""), line), line));
            }
            else if ((m = Name().Match(source, pos)).Success)
            {
                tokens.Add(new Token(TokenKind.Name, m.Value, line));
            }
            else if ((m = StringLiteral().Match(source, pos)).Success)
            {
                tokens.Add(new Token(TokenKind.String, Unescape(m.Value[1..^1], line), line));
                line += m.Value.Count(c => c == '\n');
            }
            else if ((m = Operator().Match(source, pos)).Success)
            {
                Balance(balance, m.Value, line);
                tokens.Add(new Token(TokenKind.Operator, m.Value, line));
            }
            else throw new TemplateSyntaxException($"unexpected char {PyRepr.QuoteString(source[pos].ToString())} at {pos}", line);
            pos += m.Length;
        }
    }

    /// <summary>The position after a tag's end (<c>}}</c>/<c>%}</c>, <c>-}}</c>/<c>-%}</c> plus following
    /// whitespace, <c>+%}</c>), or -1.</summary>
    private static int MatchTagEnd(string source, int pos, string close, bool variable, ref int line)
    {
        if (string.CompareOrdinal(source, pos, close, 0, 2) == 0) return pos + 2;
        if (source[pos] == '-' && string.CompareOrdinal(source, pos + 1, close, 0, 2) == 0)
            return SkipWhitespace(source, pos + 3, ref line);
        if (!variable && source[pos] == '+' && string.CompareOrdinal(source, pos + 1, close, 0, 2) == 0) return pos + 3;
        return -1;
    }

    private static void Balance(Stack<char> balance, string op, int line)
    {
        switch (op)
        {
            case "{": balance.Push('}'); break;
            case "(": balance.Push(')'); break;
            case "[": balance.Push(']'); break;
            case "}" or ")" or "]":
                if (balance.Count == 0) throw new TemplateSyntaxException($"unexpected '{op}'", line);
                char expected = balance.Pop();
                if (expected != op[0]) throw new TemplateSyntaxException($"unexpected '{op}', expected '{expected}'", line);
                break;
        }
    }

    private static long ParseInteger(string text, int line)
    {
        string lower = text.ToLowerInvariant();
        try
        {
            return lower.Length > 1 && lower[0] == '0' && lower[1] is 'b' or 'o' or 'x'
                ? Convert.ToInt64(lower[2..], lower[1] switch { 'b' => 2, 'o' => 8, _ => 16 })
                : long.Parse(lower, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            throw new TemplateSyntaxException($"integer literal {text} is too large", line);
        }
    }

    /// <summary>Python's <c>unicode-escape</c> decoding of a string literal's body (newlines already normalised);
    /// unknown escapes keep their backslash.</summary>
    private static string Unescape(string body, int line)
    {
        if (!body.Contains('\\')) return body;
        var sb = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c != '\\' || i + 1 >= body.Length) { sb.Append(c); continue; }
            char e = body[++i];
            switch (e)
            {
                case '\n': break;
                case '\\': case '\'': case '"': sb.Append(e); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append(HexEscape(body, ref i, 2, line)); break;
                case 'u': sb.Append(HexEscape(body, ref i, 4, line)); break;
                case 'U': sb.Append(HexEscape(body, ref i, 8, line)); break;
                case >= '0' and <= '7':
                    int start = i, value = 0;
                    while (i < body.Length && i < start + 3 && body[i] is >= '0' and <= '7') value = value * 8 + (body[i++] - '0');
                    i--;
                    sb.Append((char)value);
                    break;
                default: sb.Append('\\').Append(e); break;
            }
        }
        return sb.ToString();
    }

    private static string HexEscape(string body, ref int i, int digits, int line)
    {
        string hex = i + digits < body.Length ? body.Substring(i + 1, digits) : "";
        if (hex.Length != digits || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp))
            throw new TemplateSyntaxException("truncated escape in string literal", line);
        i += digits;
        return char.ConvertFromUtf32(cp);
    }
}
