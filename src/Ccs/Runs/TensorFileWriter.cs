using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Ccs.Runs;

/// <summary>
/// Writes float32 / int64 tensors as a standard safetensors file (8-byte little-endian header length, JSON header
/// padded with spaces to a multiple of 8, raw little-endian row-major data), readable by Python's
/// <c>safetensors.torch.load_file</c>. Written to a temporary file and renamed.
/// </summary>
public static class TensorFileWriter
{
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, value) in tensors)
        {
            if (header.ContainsKey(name)) throw new ArgumentException($"tensor '{name}' given twice");
            using var cpu = value.detach().to(CPU).contiguous();
            (string dtype, byte[] bytes) = cpu.dtype switch
            {
                ScalarType.Float32 => ("F32", MemoryMarshalBytes(cpu.data<float>().ToArray())),
                ScalarType.Int64 => ("I64", MemoryMarshalBytes(cpu.data<long>().ToArray())),
                _ => throw new ArgumentException($"tensor '{name}': only float32 and int64 are written, got {cpu.dtype}"),
            };
            header[name] = new { dtype, shape = value.shape, data_offsets = new[] { offset, offset + bytes.Length } };
            blobs.Add(bytes);
            offset += bytes.Length;
        }

        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (byte[] blob in blobs) stream.Write(blob);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] MemoryMarshalBytes<T>(T[] values) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors files are little-endian");
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }
}
