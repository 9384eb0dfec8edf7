using System.IO.Compression;
using System.Text.Json;

namespace Ccs.Tokenization;

/// <summary>Reading tokenizer files; every failure names the file.</summary>
internal static class TokenizerFiles
{
    public static JsonDocument ParseJson(string path)
    {
        try
        {
            using Stream stream = Open(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CcsException(ExitCode.BadInput, $"{path}: not a readable JSON file ({e.Message})", e);
        }
    }

    public static byte[] ReadBytes(string path)
    {
        try
        {
            using Stream stream = Open(path);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CcsException(ExitCode.BadInput, $"{path}: cannot be read ({e.Message})", e);
        }
    }

    /// <summary>The file's content, gunzipped when its name ends in <c>.gz</c>.</summary>
    private static Stream Open(string path)
    {
        Stream file = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
