using System.Buffers.Binary;
using System.Text;

namespace Ccs.Tokenization;

/// <summary>Piece types of sentencepiece_model.proto.</summary>
internal enum SentencePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

internal sealed record SentencePieceEntry(string Piece, float Score, SentencePieceType Type);

/// <summary>
/// The parts of a SentencePiece <c>.model</c> file (a serialized <c>ModelProto</c> of sentencepiece_model.proto)
/// that encoding needs: pieces (field 1), trainer_spec (2: model_type 3, byte_fallback 35, unk/bos/eos/pad ids
/// 40-43) and normalizer_spec (3: name 1, precompiled_charsmap 2, add_dummy_prefix 3, remove_extra_whitespaces 4,
/// escape_whitespaces 5). Read with a minimal protobuf wire-format reader.
/// </summary>
internal sealed record SentencePieceModelFile(
    IReadOnlyList<SentencePieceEntry> Pieces,
    bool IsBpe,
    bool ByteFallback,
    int UnkId,
    int BosId,
    int EosId,
    int PadId,
    string NormalizerName,
    byte[]? PrecompiledCharsMap,
    bool AddDummyPrefix,
    bool RemoveExtraWhitespaces,
    bool EscapeWhitespaces)
{
    public Vocabulary Vocabulary() =>
        new(Pieces.Select((p, id) => new KeyValuePair<string, int>(p.Piece, id)));

    public static SentencePieceModelFile Read(byte[] data)
    {
        var pieces = new List<SentencePieceEntry>();
        int modelType = 1, unk = 0, bos = 1, eos = 2, pad = -1;
        bool byteFallback = false, dummyPrefix = true, removeExtra = true, escape = true;
        string normalizerName = "";
        byte[]? charsMap = null;
        foreach (var (field, _, value, bytes) in Fields(data))
        {
            switch (field)
            {
                case 1:
                    pieces.Add(ReadPiece(bytes));
                    break;
                case 2:
                    foreach (var (f, _, v, _) in Fields(bytes))
                    {
                        switch (f)
                        {
                            case 3: modelType = (int)v; break;
                            case 35: byteFallback = v != 0; break;
                            case 40: unk = (int)v; break;
                            case 41: bos = (int)v; break;
                            case 42: eos = (int)v; break;
                            case 43: pad = (int)v; break;
                        }
                    }
                    break;
                case 3:
                    foreach (var (f, _, v, b) in Fields(bytes))
                    {
                        switch (f)
                        {
                            case 1: normalizerName = Encoding.UTF8.GetString(b); break;
                            case 2: charsMap = b.ToArray(); break;
                            case 3: dummyPrefix = v != 0; break;
                            case 4: removeExtra = v != 0; break;
                            case 5: escape = v != 0; break;
                        }
                    }
                    break;
            }
        }
        if (pieces.Count == 0) throw new FormatException("no pieces (not a SentencePiece model)");
        if (modelType is not (1 or 2)) throw new FormatException($"SentencePiece model type {modelType} (WORD/CHAR) is not supported");
        return new SentencePieceModelFile(pieces, modelType == 2, byteFallback, unk, bos, eos, pad, normalizerName,
            charsMap is { Length: > 0 } ? charsMap : null, dummyPrefix, removeExtra, escape);
    }

    private static SentencePieceEntry ReadPiece(byte[] data)
    {
        string piece = "";
        float score = 0;
        var type = SentencePieceType.Normal;
        foreach (var (f, wire, v, b) in Fields(data))
        {
            if (f == 1) piece = Encoding.UTF8.GetString(b);
            else if (f == 2 && wire == 5) score = BitConverter.Int32BitsToSingle((int)v);
            else if (f == 3) type = (SentencePieceType)(int)v;
        }
        return new SentencePieceEntry(piece, score, type);
    }

    /// <summary>The fields of one message: (number, wire type, varint or fixed value, length-delimited bytes).</summary>
    private static IEnumerable<(int Field, int Wire, ulong Value, byte[] Bytes)> Fields(byte[] data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            ulong key = Varint(data, ref pos);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    yield return (field, wire, Varint(data, ref pos), []);
                    break;
                case 1:
                    Need(data, pos, 8);
                    yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(pos)), []);
                    pos += 8;
                    break;
                case 2:
                    int length = checked((int)Varint(data, ref pos));
                    Need(data, pos, length);
                    yield return (field, wire, 0, data[pos..(pos + length)]);
                    pos += length;
                    break;
                case 5:
                    Need(data, pos, 4);
                    yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos)), []);
                    pos += 4;
                    break;
                default:
                    throw new FormatException($"unsupported protobuf wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            Need(data, pos, 1);
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new FormatException("malformed protobuf varint");
    }

    private static void Need(byte[] data, int pos, int count)
    {
        if (count < 0 || pos + count > data.Length) throw new FormatException("truncated protobuf message");
    }
}
