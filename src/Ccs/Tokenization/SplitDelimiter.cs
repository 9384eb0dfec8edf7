namespace Ccs.Tokenization;

/// <summary>What happens to a delimiter when a piece is split (tokenizers <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitDelimiter
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}

/// <summary>A piece of text between pipeline stages; <c>AtInputStart</c>: it begins at offset 0 of the input.</summary>
internal readonly record struct TextPiece(string Text, bool AtInputStart);

internal static class TextSplitter
{
    /// <summary>
    /// Cuts <paramref name="piece"/> at the delimiter matches and adds the non-empty parts to
    /// <paramref name="output"/> (tokenizers <c>NormalizedString::split</c> + <c>PreTokenizedString::split</c>).
    /// </summary>
    public static void Split(TextPiece piece, List<(int Start, int End)> matches, SplitDelimiter behavior,
        bool invert, List<TextPiece> output)
    {
        string text = piece.Text;
        // Cover the whole text with (range, isDelimiter) segments.
        var segments = new List<(int Start, int End, bool Match)>();
        int last = 0;
        foreach (var (start, end) in matches)
        {
            if (start > last) segments.Add((last, start, invert));
            segments.Add((start, end, !invert));
            last = end;
        }
        if (last < text.Length) segments.Add((last, text.Length, invert));

        var parts = new List<(int Start, int End)>();
        bool previousMatch = false;
        switch (behavior)
        {
            case SplitDelimiter.Removed:
                parts.AddRange(segments.Where(s => !s.Match).Select(s => (s.Start, s.End)));
                break;
            case SplitDelimiter.Isolated:
                parts.AddRange(segments.Select(s => (s.Start, s.End)));
                break;
            case SplitDelimiter.MergedWithPrevious:
                foreach (var s in segments)
                {
                    if (s.Match && !previousMatch && parts.Count > 0) parts[^1] = (parts[^1].Start, s.End);
                    else parts.Add((s.Start, s.End));
                    previousMatch = s.Match;
                }
                break;
            case SplitDelimiter.MergedWithNext:
                for (int i = segments.Count - 1; i >= 0; i--)
                {
                    var s = segments[i];
                    if (s.Match && !previousMatch && parts.Count > 0) parts[^1] = (s.Start, parts[^1].End);
                    else parts.Add((s.Start, s.End));
                    previousMatch = s.Match;
                }
                parts.Reverse();
                break;
            case SplitDelimiter.Contiguous:
                foreach (var s in segments)
                {
                    if (s.Match == previousMatch && parts.Count > 0) parts[^1] = (parts[^1].Start, s.End);
                    else parts.Add((s.Start, s.End));
                    previousMatch = s.Match;
                }
                break;
        }
        foreach (var (start, end) in parts)
            if (end > start) output.Add(new TextPiece(text[start..end], piece.AtInputStart && start == 0));
    }

    /// <summary>Every code point satisfying <paramref name="isDelimiter"/>, each as its own match.</summary>
    public static List<(int Start, int End)> CharMatches(string text, Func<System.Text.Rune, bool> isDelimiter)
    {
        var matches = new List<(int, int)>();
        for (int i = 0; i < text.Length;)
        {
            System.Text.Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out int length);
            if (isDelimiter(rune)) matches.Add((i, i + length));
            i += length;
        }
        return matches;
    }
}
