using System.Buffers.Binary;
using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// SentencePiece's compiled normalization rules (<c>precompiled_charsmap</c>): a little-endian uint32 trie size,
/// a darts-clone double-array trie over UTF-8 byte strings, then a pool of NUL-terminated replacement strings
/// that the trie's values point into (sentencepiece <c>normalizer.cc</c>, crate spm_precompiled).
/// </summary>
internal sealed class PrecompiledCharsMap
{
    private readonly uint[] _units;
    private readonly byte[] _pool;

    public PrecompiledCharsMap(byte[] blob)
    {
        if (blob.Length < 4) throw new FormatException("precompiled_charsmap is shorter than its header");
        int trieSize = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(blob));
        if (trieSize % 4 != 0 || 4 + trieSize > blob.Length)
            throw new FormatException("precompiled_charsmap trie size exceeds the data");
        _units = new uint[trieSize / 4];
        for (int i = 0; i < _units.Length; i++)
            _units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        _pool = blob[(4 + trieSize)..];
    }

    /// <summary>Every (prefix length, replacement) whose key is a prefix of <paramref name="key"/>, shortest first.</summary>
    public List<(int Length, string Replacement)> PrefixMatches(ReadOnlySpan<byte> key)
    {
        var results = new List<(int, string)>();
        if (_units.Length == 0) return results;
        uint node = Offset(_units[0]);
        for (int i = 0; i < key.Length; i++)
        {
            byte c = key[i];
            if (c == 0) break;
            node ^= c;
            if (node >= _units.Length) break;
            uint unit = _units[node];
            if (Label(unit) != c) break;
            node ^= Offset(unit);
            if (HasLeaf(unit) && node < _units.Length) results.Add((i + 1, ReplacementAt((int)Value(_units[node]))));
        }
        return results;
    }

    private string ReplacementAt(int start)
    {
        int end = Array.IndexOf(_pool, (byte)0, start);
        return Encoding.UTF8.GetString(_pool, start, (end < 0 ? _pool.Length : end) - start);
    }

    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;
    private static uint Value(uint unit) => unit & ((1u << 31) - 1);
    private static uint Label(uint unit) => unit & ((1u << 31) | 0xFF);
    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
