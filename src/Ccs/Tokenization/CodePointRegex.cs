using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ccs.Tokenization;

/// <summary>
/// A regex evaluated on code points, as Oniguruma evaluates the pre-tokenizer patterns of tokenizers
/// (<c>utils/onig.rs</c>). .NET's <see cref="Regex"/> works on UTF-16 units, so an astral letter or digit (a
/// surrogate pair) would match neither <c>\p{L}</c> nor <c>\p{N}</c>. The text is therefore matched through a
/// proxy in which every astral code point is one BMP character of the same class (letter, number or other;
/// no astral character is white space), and match positions are mapped back.
/// </summary>
internal sealed class CodePointRegex
{
    private const char AstralLetter = '\u0100';   // Ā, category Lu
    private const char AstralNumber = '\u0660';   // Arabic-Indic digit zero, category Nd
    private const char AstralOther = '\u00A9';    // ©, category So

    private readonly Regex _regex;

    public CodePointRegex(string pattern)
    {
        Pattern = pattern;
        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new CcsException(ExitCode.BadInput, $"tokenizer pre-tokenizer regex is not supported: {pattern} ({e.Message})", e);
        }
    }

    public string Pattern { get; }

    /// <summary>Non-overlapping matches as (start, end) UTF-16 offsets into <paramref name="text"/>.</summary>
    public List<(int Start, int End)> Matches(string text)
    {
        var result = new List<(int, int)>();
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            foreach (Match m in _regex.Matches(text))
                if (m.Length > 0) result.Add((m.Index, m.Index + m.Length));
            return result;
        }

        var proxy = new char[text.Length];
        var offsets = new int[text.Length + 1];   // proxy index -> text offset
        int n = 0;
        for (int i = 0; i < text.Length; n++)
        {
            offsets[n] = i;
            if (Rune.TryGetRuneAt(text, i, out Rune rune))
            {
                proxy[n] = rune.IsBmp ? (char)rune.Value : StandIn(rune);
                i += rune.Utf16SequenceLength;
            }
            else
            {
                proxy[n] = AstralOther;   // a lone surrogate
                i++;
            }
        }
        offsets[n] = text.Length;
        foreach (Match m in _regex.Matches(new string(proxy, 0, n)))
            if (m.Length > 0) result.Add((offsets[m.Index], offsets[m.Index + m.Length]));
        return result;
    }

    private static char StandIn(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => AstralLetter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => AstralNumber,
        _ => AstralOther,
    };
}
