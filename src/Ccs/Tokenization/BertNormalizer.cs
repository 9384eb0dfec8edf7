using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// BERT's text cleaning (tokenizers <c>normalizers/bert.rs</c> <c>BertNormalizer</c>, the fast twin of
/// transformers' <c>BasicTokenizer</c>): drop NUL, U+FFFD and control characters, map white space to a space,
/// put spaces around CJK ideographs, strip accents (NFD, drop Mn), lowercase, in that order.
/// </summary>
internal sealed record BertNormalizer(bool CleanText, bool HandleChineseChars, bool StripAccents, bool Lowercase)
    : INormalizer
{
    public string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (Rune r in text.EnumerateRunes())
        {
            if (CleanText)
            {
                if (r.Value == 0 || r.Value == 0xFFFD || IsControl(r)) continue;
                if (IsWhitespace(r))
                {
                    sb.Append(' ');
                    continue;
                }
            }
            if (HandleChineseChars && IsChineseChar(r.Value)) sb.Append(' ').Append(r.ToString()).Append(' ');
            else sb.Append(r.ToString());
        }
        string s = sb.ToString();
        if (StripAccents)
            s = UnicodeText.RemoveWhere(Unicode.UnicodeNormalization.Normalize(s, NormalizationForm.FormD),
                r => Rune.GetUnicodeCategory(r) == System.Globalization.UnicodeCategory.NonSpacingMark);
        if (Lowercase) s = UnicodeText.Lowercase(s);
        return s;
    }

    private static bool IsWhitespace(Rune r) => r.Value is '\t' or '\n' or '\r' || UnicodeText.IsWhitespace(r);

    private static bool IsControl(Rune r) => r.Value is not ('\t' or '\n' or '\r') && UnicodeText.IsOther(r);

    private static bool IsChineseChar(int c) =>
        c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B920 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
