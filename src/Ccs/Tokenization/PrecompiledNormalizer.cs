using System.Globalization;
using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// tokenizers' <c>Precompiled</c> normalizer (<c>normalizers/precompiled.rs</c>): each grapheme shorter than
/// 6 UTF-8 bytes is replaced as a whole by the replacement of its SHORTEST matching prefix rule; otherwise (or
/// when none matches) each of its characters is replaced by its own rule or kept. This is not SentencePiece's
/// longest-match rule, and it is what the Hugging Face fast tokenizers (and the reference ids) do.
/// </summary>
internal sealed class PrecompiledNormalizer(PrecompiledCharsMap map) : INormalizer
{
    public string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            string grapheme = e.GetTextElement();
            byte[] bytes = Encoding.UTF8.GetBytes(grapheme);
            if (bytes.Length < 6 && Transform(bytes) is { } whole)
            {
                sb.Append(whole);
                continue;
            }
            foreach (Rune r in grapheme.EnumerateRunes())
            {
                string ch = r.ToString();
                sb.Append(Transform(Encoding.UTF8.GetBytes(ch)) ?? ch);
            }
        }
        return sb.ToString();
    }

    private string? Transform(byte[] chunk)
    {
        var matches = map.PrefixMatches(chunk);
        return matches.Count == 0 ? null : matches[0].Replacement;
    }
}
