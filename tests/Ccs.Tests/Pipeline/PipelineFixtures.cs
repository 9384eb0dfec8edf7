using System.Text.Json;
using System.Text.Json.Serialization;
using Ccs.Hub;
using Ccs.Pipeline;
using Ccs.Tests.Hub;
using Ccs.Tests.Support;
using Parquet.Serialization;

namespace Ccs.Tests.Pipeline;

/// <summary>Data sources, dataset slices and hub-cache layouts the pipeline tests share.</summary>
internal static class PipelineFixtures
{
    public const string BoolqExportCommit = "7d1f9b3c2a4e5f60718293a4b5c6d7e8f9012345";
    public const string BoolqScriptCommit = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

    /// <summary>No network: hub datasets come from <paramref name="cacheDir"/> only; templates from <paramref name="templateTree"/> if given.</summary>
    public static DataSources Offline(string cacheDir, string? templateTree = null) =>
        new(new HubSettings(cacheDir, HubSettings.DefaultEndpoint, Offline: true, Token: null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)),
            new TemplateSource(templateTree));

    /// <summary>The first lines of a shared dataset slice file.</summary>
    public static string Lines(string dataset, string split, int skip, int take) =>
        string.Concat(File.ReadLines(SharedMaterial.Path("data", dataset, split + ".jsonl")).Skip(skip).Take(take).Select(l => l + "\n"));

    /// <summary>
    /// <c>super_glue</c> as a hub cache holds it after <c>load_dataset("super_glue", "boolq")</c> of a script dataset:
    /// the script repository at <c>main</c>, the data in the hub's parquet export (<c>boolq/&lt;split&gt;/0000.parquet</c>,
    /// with the features <c>datasets</c> writes into the parquet metadata). Validation = rows 0-19 of the shared
    /// boolq slice (so row ids are hub row indices), train = rows 20-39.
    /// </summary>
    public static async Task AddBoolqToCache(string cacheDir)
    {
        var repo = new HubRepo(RepoKind.Dataset, "super_glue");
        FakeCache.AddSnapshot(cacheDir, repo, BoolqScriptCommit, new Dictionary<string, byte[]>
        {
            ["README.md"] = FakeCache.Text("---\nlanguage:\n- en\n---\n# SuperGLUE\n"),
            ["super_glue.py"] = FakeCache.Text("# loading script\n"),
        }, "main");
        FakeCache.AddSnapshot(cacheDir, repo, BoolqExportCommit, new Dictionary<string, byte[]>
        {
            ["boolq/validation/0000.parquet"] = await BoolqParquet(Lines("super_glue_boolq", "validation", 0, 20)),
            ["boolq/train/0000.parquet"] = await BoolqParquet(Lines("super_glue_boolq", "validation", 20, 20)),
        }, DatasetLocator.ParquetExportRevision);
    }

    private const string BoolqFeatures = """
        {"info": {"features": {"question": {"dtype": "string", "_type": "Value"}, "passage": {"dtype": "string", "_type": "Value"},
         "idx": {"dtype": "int32", "_type": "Value"}, "label": {"names": ["False", "True"], "_type": "ClassLabel"}}}}
        """;

    private static async Task<byte[]> BoolqParquet(string jsonl)
    {
        var rows = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<BoolqRow>(l)!).ToList();
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream, null, new Dictionary<string, string> { ["huggingface"] = BoolqFeatures });
        return stream.ToArray();
    }

    private sealed class BoolqRow
    {
        [JsonPropertyName("question")] public string Question { get; set; } = "";
        [JsonPropertyName("passage")] public string Passage { get; set; } = "";
        [JsonPropertyName("idx")] public int Idx { get; set; }
        [JsonPropertyName("label")] public long Label { get; set; }
    }
}
