using System.Text.Json;

namespace Ccs.Tests.Data;

/// <summary>A scratch folder for small dataset files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ccs-data-test-").FullName;

    public string Write(string relative, string text)
    {
        string file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>One JSON object per line.</summary>
    public string WriteJsonl(string relative, IEnumerable<object> rows) =>
        Write(relative, string.Concat(rows.Select(r => JsonSerializer.Serialize(r) + "\n")));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
