using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Ccs.Tests.Checkpoints;

/// <summary>
/// Writes safetensors files the way the safetensors library does (header JSON padded with spaces to a multiple
/// of 8, tensors in order), or deliberately broken ones, for the tests.
/// </summary>
public static class SafetensorsWriter
{
    public sealed record Entry(string Name, string DType, long[] Shape, byte[] Data);

    public static void Write(string path, IEnumerable<Entry> entries)
    {
        var list = entries.ToList();
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        long offset = 0;
        foreach (var entry in list)
        {
            header[entry.Name] = new { dtype = entry.DType, shape = entry.Shape, data_offsets = new[] { offset, offset + entry.Data.Length } };
            offset += entry.Data.Length;
        }
        WriteRaw(path, JsonSerializer.Serialize(header), list.SelectMany(e => e.Data).ToArray());
    }

    /// <summary>Any header text and data; <paramref name="lengthField"/> overrides the 8-byte length.</summary>
    public static void WriteRaw(string path, string headerJson, byte[] data, ulong? lengthField = null)
    {
        var json = Encoding.UTF8.GetBytes(headerJson);
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, lengthField ?? (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        stream.Write(data);
    }

    public static byte[] F32(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] F64(params double[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] F16(params float[] values) => values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray();

    /// <summary>bfloat16 = the top 16 bits of the float32 pattern (values chosen to be exact in bfloat16).</summary>
    public static byte[] BF16(params float[] values) =>
        values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(v) >> 16))).ToArray();
}
