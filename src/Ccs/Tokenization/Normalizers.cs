using System.Globalization;
using System.Text;

namespace Ccs.Tokenization;

/// <summary>A text normalizer of a tokenizer pipeline (tokenizers' <c>normalizers/</c>).</summary>
internal interface INormalizer
{
    string Normalize(string text);
}

/// <summary>NFC / NFD / NFKC / NFKD (tokenizers <c>normalizers/unicode.rs</c>), on the compiled-in Unicode tables.</summary>
internal sealed record UnicodeFormNormalizer(NormalizationForm Form) : INormalizer
{
    public string Normalize(string text) => Unicode.UnicodeNormalization.Normalize(text, Form);
}

/// <summary>Per-character full lowercase mapping (tokenizers <c>Lowercase</c>, Rust <c>char::to_lowercase</c>).</summary>
internal sealed record LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => UnicodeText.Lowercase(text);
}

/// <summary>Prepends a string to non-empty text (tokenizers <c>normalizers/prepend.rs</c>).</summary>
internal sealed record PrependNormalizer(string Prefix) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : Prefix + text;
}

/// <summary>Replaces a literal or a regex with a string (tokenizers <c>normalizers/replace.rs</c>).</summary>
internal sealed record ReplaceNormalizer(string? Literal, CodePointRegex? Pattern, string Content) : INormalizer
{
    public string Normalize(string text)
    {
        if (Literal is not null) return Literal.Length == 0 ? text : text.Replace(Literal, Content, StringComparison.Ordinal);
        var sb = new StringBuilder(text.Length);
        int last = 0;
        foreach (var (start, end) in Pattern!.Matches(text))
        {
            sb.Append(text, last, start - last).Append(Content);
            last = end;
        }
        return sb.Append(text, last, text.Length - last).ToString();
    }
}

/// <summary>Strips white space at either end (tokenizers <c>normalizers/strip.rs</c> <c>Strip</c>).</summary>
internal sealed record StripNormalizer(bool Left, bool Right) : INormalizer
{
    public string Normalize(string text) => (Left, Right) switch
    {
        (true, true) => text.Trim(),
        (true, false) => text.TrimStart(),
        (false, true) => text.TrimEnd(),
        _ => text,
    };
}

/// <summary>Removes combining marks (tokenizers <c>normalizers/strip.rs</c> <c>StripAccents</c>).</summary>
internal sealed record StripAccentsNormalizer : INormalizer
{
    public string Normalize(string text) => UnicodeText.RemoveWhere(text, r => UnicodeText.IsMark(r));
}

/// <summary>Normalizers applied in order (tokenizers <c>normalizers/mod.rs</c> <c>Sequence</c>).</summary>
internal sealed record SequenceNormalizer(IReadOnlyList<INormalizer> Steps) : INormalizer
{
    public string Normalize(string text)
    {
        foreach (var step in Steps) text = step.Normalize(text);
        return text;
    }
}
