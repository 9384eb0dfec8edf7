using System.Text;

namespace Ccs.Tokenization;

/// <summary>A decoder stage: rewrites the token strings on the way back to text (tokenizers' <c>decoders/</c>).</summary>
internal interface ITokenDecoder
{
    List<string> DecodeChain(List<string> tokens);
}

/// <summary>Byte-level tokens back to UTF-8 text, invalid sequences as U+FFFD (<c>byte_level.rs</c>).</summary>
internal sealed class ByteLevelDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (string token in tokens)
            if (!ByteLevelAlphabet.TryDecode(token, bytes)) bytes.AddRange(Encoding.UTF8.GetBytes(token));
        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

/// <summary>WordPiece: <c>##</c> pieces glued to the previous token, others after a space (<c>decoders/wordpiece.rs</c>).</summary>
internal sealed class WordPieceDecoder(string prefix, bool cleanup) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select((token, i) =>
    {
        if (i != 0) token = token.StartsWith(prefix, StringComparison.Ordinal) ? token[prefix.Length..] : " " + token;
        return cleanup ? TokenizerText.CleanUpTokenizationSpaces(token) : token;
    }).ToList();
}

/// <summary><c>▁</c> back to spaces, dropping the prepended one of the first token (<c>decoders/metaspace.rs</c>).</summary>
internal sealed class MetaspaceDecoder(char replacement, bool prependsMarker) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select((token, i) =>
    {
        var sb = new StringBuilder(token.Length);
        foreach (char c in token)
        {
            if (c != replacement) sb.Append(c);
            else if (!(i == 0 && prependsMarker)) sb.Append(' ');
        }
        return sb.ToString();
    }).ToList();
}

/// <summary>Literal replacement in every token (<c>normalizers/replace.rs</c> used as a decoder).</summary>
internal sealed class ReplaceDecoder(string pattern, string content) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens) =>
        tokens.Select(t => t.Replace(pattern, content, StringComparison.Ordinal)).ToList();
}

/// <summary>Runs of <c>&lt;0xNN&gt;</c> tokens back to text, U+FFFD per byte if invalid (<c>decoders/byte_fallback.rs</c>).</summary>
internal sealed class ByteFallbackDecoder : ITokenDecoder
{
    private static readonly UTF8Encoding Strict = new(false, true);

    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>();
        var pending = new List<byte>();
        void Flush()
        {
            if (pending.Count == 0) return;
            try
            {
                output.Add(Strict.GetString(pending.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                output.AddRange(Enumerable.Repeat("\uFFFD", pending.Count));
            }
            pending.Clear();
        }
        foreach (string token in tokens)
        {
            if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b))
            {
                pending.Add(b);
                continue;
            }
            Flush();
            output.Add(token);
        }
        Flush();
        return output;
    }
}

/// <summary>All tokens into one (<c>decoders/fuse.rs</c>).</summary>
internal sealed class FuseDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>Removes up to <c>start</c> / <c>stop</c> copies of a character at each token's ends (<c>decoders/strip.rs</c>).</summary>
internal sealed class StripDecoder(char content, int start, int stop) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(token =>
    {
        int left = 0, right = token.Length;
        while (left < Math.Min(start, token.Length) && token[left] == content) left++;
        for (int n = 0; n < stop && right > left && token[right - 1] == content; n++) right--;
        return token[left..right];
    }).ToList();
}

/// <summary>Decoders applied in order (<c>decoders/sequence.rs</c>).</summary>
internal sealed class SequenceDecoder(IReadOnlyList<ITokenDecoder> steps) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        foreach (var step in steps) tokens = step.DecodeChain(tokens);
        return tokens;
    }
}
