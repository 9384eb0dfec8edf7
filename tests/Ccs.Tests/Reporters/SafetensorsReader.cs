using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace Ccs.Tests.Reporters;

/// <summary>
/// A minimal safetensors reader for the reference files (8-byte little-endian header length, JSON header, raw
/// little-endian data; offsets relative to the end of the header). F16 is widened to F32 exactly.
/// </summary>
public sealed class SafetensorsReader
{
    private readonly byte[] _bytes;
    private readonly long _dataStart;
    private readonly Dictionary<string, (string Dtype, long[] Shape, long Begin, long End)> _entries = new(StringComparer.Ordinal);

    public SafetensorsReader(string path)
    {
        _bytes = File.ReadAllBytes(path);
        if (_bytes.Length < 8) throw new InvalidDataException($"{path}: too short for a safetensors file");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(_bytes);
        if (headerLength > (ulong)(_bytes.Length - 8)) throw new InvalidDataException($"{path}: header length {headerLength} beyond the file");
        _dataStart = 8 + (long)headerLength;
        using var header = JsonDocument.Parse(_bytes.AsMemory(8, (int)headerLength));
        foreach (JsonProperty p in header.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__") continue;
            string dtype = p.Value.GetProperty("dtype").GetString()!;
            long[] shape = [.. p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];
            long[] offsets = [.. p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64())];
            long elements = shape.Aggregate(1L, (a, b) => a * b);
            if (offsets[1] - offsets[0] != elements * ElementSize(dtype) || _dataStart + offsets[1] > _bytes.Length)
                throw new InvalidDataException($"{path}: tensor {p.Name} has inconsistent offsets");
            _entries[p.Name] = (dtype, shape, offsets[0], offsets[1]);
        }
    }

    public IEnumerable<string> Names => _entries.Keys;

    public bool Contains(string name) => _entries.ContainsKey(name);

    public long[] Shape(string name) => Entry(name).Shape;

    /// <summary>The tensor as float32 values (F16/F32/F64 widened or narrowed, I64 converted).</summary>
    public float[] Floats(string name)
    {
        var (dtype, _, begin, end) = Entry(name);
        var span = _bytes.AsSpan((int)(_dataStart + begin), (int)(end - begin));
        int count = span.Length / ElementSize(dtype);
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = dtype switch
            {
                "F16" => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..])),
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]),
                _ => throw new InvalidDataException($"unsupported dtype {dtype}"),
            };
        return values;
    }

    public double[] Doubles(string name)
    {
        var (dtype, _, begin, end) = Entry(name);
        if (dtype != "F64") return [.. Floats(name).Select(f => (double)f)];
        var values = new double[(end - begin) / 8];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(_bytes.AsSpan((int)(_dataStart + begin + 8 * i), 8));
        return values;
    }

    public long[] Longs(string name)
    {
        var (dtype, _, begin, end) = Entry(name);
        if (dtype != "I64") throw new InvalidDataException($"{name} is {dtype}, not I64");
        var values = new long[(end - begin) / 8];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan((int)(_dataStart + begin + 8 * i), 8));
        return values;
    }

    /// <summary>A float32 tensor of the stored shape, optionally only the first <paramref name="rows"/> rows.</summary>
    public Tensor Tensor(string name, long? rows = null)
    {
        long[] shape = Shape(name);
        float[] values = Floats(name);
        var t = tensor(values, shape);
        if (rows is not { } r || shape.Length == 0) return t;
        using (t) return t.narrow(0, 0, r).clone();
    }

    private (string Dtype, long[] Shape, long Begin, long End) Entry(string name) =>
        _entries.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"no tensor '{name}' in the safetensors file");

    private static int ElementSize(string dtype) => dtype switch
    {
        "F16" => 2,
        "F32" or "I32" => 4,
        "F64" or "I64" => 8,
        "U8" or "BOOL" => 1,
        _ => throw new InvalidDataException($"unsupported dtype {dtype}"),
    };
}
