using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Ccs.Checkpoints;

/// <summary>
/// Reads and validates the header of a safetensors file: 8-byte little-endian length N, N bytes of UTF-8 JSON,
/// then the data buffer. Mirrors the checks of the safetensors crate (<c>SafeTensors::read_metadata</c> and
/// <c>Metadata::validate</c>): bounded header, known dtypes, sizes equal to shape × dtype, and tensors that
/// tile the data buffer exactly (no gaps, no overlaps, nothing missing at the end).
/// </summary>
public static class SafetensorsHeader
{
    /// <summary>The safetensors crate's <c>MAX_HEADER_SIZE</c>: a larger length field means a corrupt file.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The validated entries and where the data buffer starts in the file.</summary>
    public sealed record Contents(IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors, long DataStart);

    public static Contents Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Bad(path, $"not a safetensors file: {fileLength} bytes, too short for the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw Bad(path, $"header length field says {headerLength} bytes, over the {MaxHeaderBytes / 1_000_000} MB limit: not a safetensors file, or corrupt");
        if ((long)headerLength > fileLength - 8)
            throw Bad(path, $"truncated: the header needs {headerLength} bytes but only {fileLength - 8} follow the length field");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        var tensors = Parse(path, headerBytes, fileLength - dataStart);
        return new Contents(tensors, dataStart);
    }

    private static Dictionary<string, SafetensorsTensorInfo> Parse(string path, byte[] headerBytes, long dataLength)
    {
        string json;
        try { json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes); }
        catch (DecoderFallbackException) { throw Bad(path, "header is not valid UTF-8"); }

        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Bad(path, $"header is not valid JSON ({OneLine(e.Message)})"); }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad(path, "header is not a JSON object");
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ValidateMetadata(path, property.Value);
                    continue;
                }
                if (tensors.ContainsKey(property.Name))
                    throw Bad(path, $"tensor '{property.Name}' appears twice in the header");
                tensors[property.Name] = ParseEntry(path, property.Name, property.Value);
            }
            ValidateLayout(path, tensors.Values, dataLength);
            return tensors;
        }
    }

    private static void ValidateMetadata(string path, JsonElement metadata)
    {
        // safetensors: `__metadata__` is a map of strings to strings.
        if (metadata.ValueKind != JsonValueKind.Object
            || metadata.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
            throw Bad(path, "__metadata__ must be an object of string values");
    }

    private static SafetensorsTensorInfo ParseEntry(string path, string name, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"tensor '{name}': entry is not an object");
        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad(path, $"tensor '{name}': missing string 'dtype'");
        string dtypeName = dtypeElement.GetString()!;
        var dtype = SafetensorsDType.Find(dtypeName)
                    ?? throw Bad(path, $"tensor '{name}': unknown dtype '{dtypeName}'");

        long[] shape = ReadIntegers(path, name, entry, "shape")
                       ?? throw Bad(path, $"tensor '{name}': 'shape' must be a list of non-negative integers");
        long[] offsets = ReadIntegers(path, name, entry, "data_offsets")
                         ?? throw Bad(path, $"tensor '{name}': 'data_offsets' must be [begin, end] of non-negative integers");
        if (offsets.Length != 2 || offsets[0] > offsets[1])
            throw Bad(path, $"tensor '{name}': 'data_offsets' must be [begin, end] with begin <= end");

        long expectedBytes;
        try { expectedBytes = checked(shape.Aggregate(1L, (n, d) => checked(n * d)) * dtype.ElementSize); }
        catch (OverflowException) { throw Bad(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] is impossibly large"); }
        long actualBytes = offsets[1] - offsets[0];
        if (expectedBytes != actualBytes)
            throw Bad(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtype.Name} needs {expectedBytes} bytes but data_offsets span {actualBytes} (shape/dtype mismatch)");
        return new SafetensorsTensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[]? ReadIntegers(string path, string name, JsonElement entry, string key)
    {
        if (!entry.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array) return null;
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0) return null;
            values[i++] = value;
        }
        return values;
    }

    private static void ValidateLayout(string path, IEnumerable<SafetensorsTensorInfo> tensors, long dataLength)
    {
        long position = 0;
        foreach (var tensor in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (tensor.Begin != position)
                throw Bad(path, tensor.Begin < position
                    ? $"tensor '{tensor.Name}': data_offsets [{tensor.Begin}, {tensor.End}] overlap the previous tensor, which ends at {position}"
                    : $"tensor '{tensor.Name}': data_offsets [{tensor.Begin}, {tensor.End}] leave a gap after the previous tensor, which ends at {position}");
            position = tensor.End;
        }
        if (position > dataLength)
            throw Bad(path, $"truncated: the tensors need {position} bytes of data but the file has {dataLength} after the header");
        if (position < dataLength)
            throw Bad(path, $"{dataLength - position} unexpected bytes after the last tensor (the header describes {position} bytes of data)");
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries));

    private static CcsException Bad(string path, string problem) => new(ExitCode.BadInput, $"{path}: {problem}");
}
