using System.Text;

namespace Ccs.Tokenization;

/// <summary>A pre-tokenizer: cuts a normalized piece into words (tokenizers' <c>pre_tokenizers/</c>).</summary>
internal interface IPreTokenizer
{
    void PreTokenize(TextPiece piece, List<TextPiece> output);
}

/// <summary>GPT-2's split regex, then every byte mapped to its alphabet character (<c>byte_level.rs</c>).</summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public const string Gpt2Pattern =
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly CodePointRegex Gpt2Regex = new(Gpt2Pattern);

    public void PreTokenize(TextPiece piece, List<TextPiece> output)
    {
        if (addPrefixSpace && !piece.Text.StartsWith(' ')) piece = piece with { Text = " " + piece.Text };
        var words = new List<TextPiece>();
        if (useRegex) TextSplitter.Split(piece, Gpt2Regex.Matches(piece.Text), SplitDelimiter.Isolated, false, words);
        else if (piece.Text.Length > 0) words.Add(piece);
        foreach (var word in words) output.Add(word with { Text = ByteLevelAlphabet.Encode(word.Text) });
    }
}

/// <summary>Splits on a regex or a literal (<c>pre_tokenizers/split.rs</c>).</summary>
internal sealed class SplitPreTokenizer(CodePointRegex? regex, string? literal, SplitDelimiter behavior, bool invert)
    : IPreTokenizer
{
    public void PreTokenize(TextPiece piece, List<TextPiece> output)
    {
        var matches = regex is not null ? regex.Matches(piece.Text) : LiteralMatches(piece.Text, literal!);
        TextSplitter.Split(piece, matches, behavior, invert, output);
    }

    internal static List<(int Start, int End)> LiteralMatches(string text, string literal)
    {
        var matches = new List<(int, int)>();
        if (literal.Length == 0) return matches;
        for (int i = text.IndexOf(literal, StringComparison.Ordinal); i >= 0;
             i = text.IndexOf(literal, i + literal.Length, StringComparison.Ordinal))
            matches.Add((i, i + literal.Length));
        return matches;
    }
}

/// <summary>Splits on white space, dropping it (<c>pre_tokenizers/whitespace.rs</c> <c>WhitespaceSplit</c>).</summary>
internal sealed class WhitespaceSplitPreTokenizer : IPreTokenizer
{
    public void PreTokenize(TextPiece piece, List<TextPiece> output) => TextSplitter.Split(piece,
        TextSplitter.CharMatches(piece.Text, UnicodeText.IsWhitespace), SplitDelimiter.Removed, false, output);
}

/// <summary>
/// BERT's word splitting (<c>pre_tokenizers/bert.rs</c>): white space removed, then every punctuation
/// character (ASCII symbols and Unicode P*) isolated on its own.
/// </summary>
internal sealed class BertPreTokenizer : IPreTokenizer
{
    public void PreTokenize(TextPiece piece, List<TextPiece> output)
    {
        var words = new List<TextPiece>();
        TextSplitter.Split(piece, TextSplitter.CharMatches(piece.Text, UnicodeText.IsWhitespace),
            SplitDelimiter.Removed, false, words);
        foreach (var word in words)
            TextSplitter.Split(word, TextSplitter.CharMatches(word.Text, IsBertPunctuation),
                SplitDelimiter.Isolated, false, output);
    }

    private static bool IsBertPunctuation(Rune r) =>
        (r.Value is >= 0x21 and <= 0x7E && !char.IsAsciiLetterOrDigit((char)r.Value)) || UnicodeText.IsPunctuation(r);
}

/// <summary>When the Metaspace pre-tokenizer prepends its marker (tokenizers <c>PrependScheme</c>).</summary>
internal enum PrependScheme
{
    Always,
    First,
    Never,
}

/// <summary>
/// SentencePiece-style word marking (<c>pre_tokenizers/metaspace.rs</c>): spaces become <c>▁</c>, the marker is
/// prepended per <see cref="PrependScheme"/> (<c>First</c>: only to the piece at the very start of the input),
/// and with <c>split</c> each <c>▁</c> starts a new word.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme prependScheme, bool split) : IPreTokenizer
{
    public void PreTokenize(TextPiece piece, List<TextPiece> output)
    {
        string text = piece.Text.Replace(' ', replacement);
        bool prepend = !text.StartsWith(replacement) && prependScheme switch
        {
            PrependScheme.Always => true,
            PrependScheme.First => piece.AtInputStart,
            _ => false,
        };
        if (prepend) text = replacement + text;
        var marked = piece with { Text = text };
        if (split)
            TextSplitter.Split(marked, SplitPreTokenizer.LiteralMatches(text, replacement.ToString()),
                SplitDelimiter.MergedWithNext, false, output);
        else if (text.Length > 0) output.Add(marked);
    }
}

/// <summary>Pre-tokenizers applied in order (<c>pre_tokenizers/sequence.rs</c>).</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    public void PreTokenize(TextPiece piece, List<TextPiece> output)
    {
        var current = new List<TextPiece> { piece };
        foreach (var step in steps)
        {
            var next = new List<TextPiece>();
            foreach (var p in current) step.PreTokenize(p, next);
            current = next;
        }
        output.AddRange(current);
    }
}
