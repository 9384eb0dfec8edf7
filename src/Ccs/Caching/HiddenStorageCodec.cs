using System.Buffers.Binary;

namespace Ccs.Caching;

/// <summary>Packs float32 hidden states into little-endian bf16 or fp32 bytes and back.</summary>
internal static class HiddenStorageCodec
{
    public static byte[] Encode(ReadOnlySpan<float> values, HiddenStorage storage)
    {
        if (storage == HiddenStorage.Float32)
        {
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
            return bytes;
        }
        var packed = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(packed.AsSpan(2 * i), ToBFloat16(values[i]));
        return packed;
    }

    public static float[] Decode(ReadOnlySpan<byte> bytes, HiddenStorage storage)
    {
        if (storage == HiddenStorage.Float32)
        {
            var values = new float[bytes.Length / 4];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            return values;
        }
        var result = new float[bytes.Length / 2];
        for (int i = 0; i < result.Length; i++)
            result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16);
        return result;
    }

    /// <summary>Round to nearest even, as torch's float -> bfloat16 conversion (c10/util/BFloat16.h round_to_nearest_even).</summary>
    public static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return 0x7FC0;
        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
