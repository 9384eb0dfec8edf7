using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// SentencePiece's normalizer (sentencepiece <c>normalizer.cc</c> <c>Normalizer::Normalize</c>): the charsmap rule
/// with the LONGEST matching prefix rewrites the text left to right; with <c>remove_extra_whitespaces</c> leading,
/// trailing and repeated spaces go; a whitespace-only input gives nothing; <c>add_dummy_prefix</c> puts a space
/// first; with <c>escape_whitespaces</c> spaces become <c>▁</c>.
/// </summary>
internal sealed class SentencePieceNormalizer(SentencePieceModelFile model) : INormalizer
{
    private const string SpaceSymbol = "\u2581";
    private readonly PrecompiledCharsMap? _map = model.PrecompiledCharsMap is { } blob ? new PrecompiledCharsMap(blob) : null;

    public string Normalize(string text)
    {
        byte[] input = Encoding.UTF8.GetBytes(text);
        int pos = 0;
        if (model.RemoveExtraWhitespaces)
        {
            while (pos < input.Length)
            {
                var (piece, consumed) = NormalizePrefix(input, pos);
                if (piece != " ") break;
                pos += consumed;
            }
        }
        if (pos == input.Length) return "";

        var sb = new StringBuilder(text.Length + 2);
        string space = model.EscapeWhitespaces ? SpaceSymbol : " ";
        if (model.AddDummyPrefix) sb.Append(space);
        bool previousSpace = model.RemoveExtraWhitespaces;
        while (pos < input.Length)
        {
            var (piece, consumed) = NormalizePrefix(input, pos);
            pos += consumed;
            int skip = 0;
            while (previousSpace && skip < piece.Length && piece[skip] == ' ') skip++;
            piece = piece[skip..];
            if (piece.Length == 0) continue;
            sb.Append(model.EscapeWhitespaces ? piece.Replace(" ", SpaceSymbol, StringComparison.Ordinal) : piece);
            previousSpace = model.RemoveExtraWhitespaces && piece.EndsWith(' ');
        }
        string normalized = sb.ToString();
        if (model.RemoveExtraWhitespaces)
            while (normalized.EndsWith(space, StringComparison.Ordinal)) normalized = normalized[..^space.Length];
        return normalized;
    }

    /// <summary>normalizer.cc <c>NormalizePrefix</c>: the longest rule at <paramref name="pos"/>, else one character.</summary>
    private (string Piece, int Consumed) NormalizePrefix(byte[] input, int pos)
    {
        if (_map is not null)
        {
            var matches = _map.PrefixMatches(input.AsSpan(pos));
            if (matches.Count > 0) return (matches[^1].Replacement, matches[^1].Length);
        }
        var status = Rune.DecodeFromUtf8(input.AsSpan(pos), out Rune rune, out int length);
        return status == System.Buffers.OperationStatus.Done ? (rune.ToString(), length) : ("\uFFFD", 1);
    }
}
