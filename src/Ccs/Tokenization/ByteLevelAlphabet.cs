using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character map (<c>bytes_to_unicode</c> in openai/gpt-2 encoder.py, mirrored by
/// tokenizers' <c>pre_tokenizers/byte_level.rs</c>): printable Latin-1 bytes map to themselves, the other 68 bytes
/// to U+0100 onwards, so a space is <c>Ġ</c> and a newline <c>Ċ</c>.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = ByteToChar
        .Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each written as its alphabet character.</summary>
    public static string Encode(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>The bytes a token stands for, or null when it has a character outside the alphabet.</summary>
    public static bool TryDecode(string token, List<byte> into)
    {
        int before = into.Count;
        foreach (char c in token)
        {
            if (!CharToByte.TryGetValue(c, out byte b))
            {
                into.RemoveRange(before, into.Count - before);
                return false;
            }
            into.Add(b);
        }
        return true;
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
