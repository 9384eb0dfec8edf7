using System.Text;

namespace Ccs.Tokenization;

/// <summary>An added token of tokenizer.json (<c>added_tokens</c>): matched in the text before the model runs.</summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool Normalized, bool LStrip, bool RStrip,
    bool SingleWord);

/// <summary>A stretch of the input after added-token extraction: either an added token's id or normalized text.</summary>
internal readonly record struct Segment(TextPiece Text, int? AddedTokenId);

/// <summary>
/// Cuts added tokens out of the input (tokenizers <c>tokenizer/added_vocabulary.rs</c>
/// <c>extract_and_normalize</c>): first the tokens with <c>normalized: false</c> in the raw text, then each
/// remaining stretch is normalized and the tokens with <c>normalized: true</c> are matched in it against their own
/// normalized form. Matching is leftmost-longest (the aho-corasick <c>LeftmostLongest</c> kind); <c>lstrip</c> /
/// <c>rstrip</c> make a token swallow the white space beside it; <c>single_word</c> tokens must not touch a word
/// character.
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Matcher _raw;
    private readonly Matcher _normalized;

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens, INormalizer? normalizer)
    {
        Tokens = tokens;
        _raw = new Matcher(tokens.Where(t => !t.Normalized).Select(t => (t.Content, t)));
        _normalized = new Matcher(tokens.Where(t => t.Normalized)
            .Select(t => (normalizer is null ? t.Content : normalizer.Normalize(t.Content), t)));
    }

    public IReadOnlyList<AddedToken> Tokens { get; }

    public List<Segment> Extract(string text, INormalizer? normalizer)
    {
        var result = new List<Segment>();
        foreach (var raw in Split(new TextPiece(text, true), _raw))
        {
            if (raw.AddedTokenId is not null)
            {
                result.Add(raw);
                continue;
            }
            string normalized = normalizer is null ? raw.Text.Text : normalizer.Normalize(raw.Text.Text);
            result.AddRange(Split(raw.Text with { Text = normalized }, _normalized));
        }
        return result;
    }

    /// <summary>added_vocabulary.rs <c>split_with_indices</c> / <c>find_matches</c>; empty stretches are dropped.</summary>
    private static List<Segment> Split(TextPiece piece, Matcher matcher)
    {
        string s = piece.Text;
        var segments = new List<Segment>();
        if (s.Length == 0) return segments;
        int consumed = 0;
        for (int pos = 0; pos < s.Length;)
        {
            if (matcher.LongestAt(s, pos) is not { } token)
            {
                pos++;
                continue;
            }
            int start = pos, stop = pos + token.Match.Length;
            if (token.Token.SingleWord && !(IsWordBoundary(s, start, before: true) && IsWordBoundary(s, stop, before: false)))
            {
                pos++;
                continue;
            }
            if (token.Token.LStrip)
                while (start > consumed && char.IsWhiteSpace(s[start - 1])) start--;
            if (token.Token.RStrip)
                while (stop < s.Length && char.IsWhiteSpace(s[stop])) stop++;
            if (start > consumed) segments.Add(new Segment(Slice(piece, consumed, start), null));
            segments.Add(new Segment(Slice(piece, start, stop), token.Token.Id));
            consumed = pos = stop;
        }
        if (consumed < s.Length) segments.Add(new Segment(Slice(piece, consumed, s.Length), null));
        return segments;
    }

    private static TextPiece Slice(TextPiece piece, int start, int end) =>
        new(piece.Text[start..end], piece.AtInputStart && start == 0);

    /// <summary>No word character (alphanumeric or <c>_</c>) on the given side of <paramref name="index"/>.</summary>
    private static bool IsWordBoundary(string s, int index, bool before)
    {
        if (before ? index == 0 : index == s.Length) return true;
        Rune r = before ? Rune.GetRuneAt(s, char.IsLowSurrogate(s[index - 1]) && index >= 2 ? index - 2 : index - 1)
                        : Rune.GetRuneAt(s, index);
        return !(Rune.IsLetterOrDigit(r) || r.Value == '_');
    }

    /// <summary>The longest token starting at a position, indexed by first character.</summary>
    private sealed class Matcher
    {
        private readonly Dictionary<char, List<(string Match, AddedToken Token)>> _byFirstChar = [];

        public Matcher(IEnumerable<(string Match, AddedToken Token)> tokens)
        {
            foreach (var t in tokens.Where(t => t.Match.Length > 0))
            {
                if (!_byFirstChar.TryGetValue(t.Match[0], out var list)) _byFirstChar[t.Match[0]] = list = [];
                list.Add(t);
            }
            foreach (var list in _byFirstChar.Values) list.Sort((a, b) => b.Match.Length.CompareTo(a.Match.Length));
        }

        public (string Match, AddedToken Token)? LongestAt(string s, int pos)
        {
            if (!_byFirstChar.TryGetValue(s[pos], out var candidates)) return null;
            foreach (var c in candidates)
                if (string.CompareOrdinal(s, pos, c.Match, 0, c.Match.Length) == 0 && pos + c.Match.Length <= s.Length)
                    return c;
            return null;
        }
    }
}
