using System.Globalization;
using System.Text;

namespace Ccs.Tokenization;

/// <summary>Code-point level character classes as Rust's <c>char</c> methods define them.</summary>
internal static class UnicodeText
{
    /// <summary>Rust <c>char::is_whitespace</c> (the Unicode White_Space property).</summary>
    public static bool IsWhitespace(Rune r) => Rune.IsWhiteSpace(r);

    /// <summary>Unicode general category P* (Rust <c>is_punctuation</c> of unicode_categories).</summary>
    public static bool IsPunctuation(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation
        or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
        or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
        or UnicodeCategory.OtherPunctuation;

    /// <summary>Categories Mn, Mc, Me.</summary>
    public static bool IsMark(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Categories Cc, Cf, Cs, Co, Cn (Rust <c>is_other</c>).</summary>
    public static bool IsOther(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned;

    /// <summary>
    /// Rust's per-character <c>char::to_lowercase</c>: the simple mapping except U+0130, the one character whose
    /// unconditional full lowercase mapping has two code points.
    /// </summary>
    public static string Lowercase(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (Rune r in text.EnumerateRunes())
        {
            if (r.Value == 0x130) sb.Append("i\u0307");
            else sb.Append(Rune.ToLowerInvariant(r).ToString());
        }
        return sb.ToString();
    }

    public static string RemoveWhere(string text, Func<Rune, bool> remove)
    {
        var sb = new StringBuilder(text.Length);
        foreach (Rune r in text.EnumerateRunes())
            if (!remove(r)) sb.Append(r.ToString());
        return sb.ToString();
    }
}
