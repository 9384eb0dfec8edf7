using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ccs.Data;
using Ccs.Pipeline;
using Ccs.Runs;
using Ccs.Tests.Support;

namespace Ccs.Tests.Pipeline;

/// <summary>
/// The examples the original extracted (<c>shared/reporter-reference/**/meta.json</c>: its selected row ids in
/// order, labels, and the SHA-256 of every example's question texts) are selected, ordered and rendered the same
/// by the dataset → template → example pipeline, run on the same local split files with the original's own
/// templates (<c>shared/promptsource-elk</c>) and the same data seed.
/// </summary>
public sealed class ContrastTextParityTests
{
    private static readonly CcsConsole Quiet = new(TextWriter.Null, TextWriter.Null, false);

    /// <summary>How far the stream may run ahead of the listed rows: the original skipped examples too long for
    /// the model (spec 4.3), which this pipeline (knowing no tokenizer) still yields.</summary>
    private const int MaxSkippedPerSplit = 50;

    public static TheoryData<string, string> Splits()
    {
        var data = new TheoryData<string, string>();
        foreach (string meta in Directory.GetFiles(SharedMaterial.Path("reporter-reference"), "meta.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(meta));
            if (!doc.RootElement.TryGetProperty("splits", out JsonElement splits)) continue;
            foreach (JsonProperty split in splits.EnumerateObject())
                data.Add(System.IO.Path.GetRelativePath(SharedMaterial.Root, meta), split.Name);
        }
        Assert.NotEmpty(data);
        return data;
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public async Task Selected_examples_and_their_question_texts_match_the_original(string metaFile, string splitName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedMaterial.Path(metaFile)));
        JsonElement meta = doc.RootElement;
        JsonElement split = meta.GetProperty("splits").GetProperty(splitName);
        string dataset = meta.GetProperty("dataset").GetString()!;
        string dataFolder = System.IO.Path.GetDirectoryName(SharedMaterial.Path(split.GetProperty("source_file").GetString()!))!;
        string templates = SharedMaterial.Path("promptsource-elk", dataset.Replace(':', '/'), "templates.yaml");
        var options = new ExampleOptions(Binarize: Flag(meta, "binarize", false), NumShots: 0,
            Seed: meta.GetProperty("data_seed").GetInt64(), Balance: Flag(meta, "balance", true));

        DataSources sources = PipelineFixtures.Offline(Path.GetTempPath());
        PromptedDataset prompted = await PromptedDataset.OpenAsync(dataFolder, templates, sources, Quiet, CancellationToken.None);
        ExampleStream stream = prompted.Stream(splitName == "train" ? SplitRole.Train : SplitRole.Validation, options, Quiet);

        Assert.Equal(meta.GetProperty("variant_ids").EnumerateArray().Select(v => v.GetString()!), stream.TemplateNames);
        long[] rowIds = [.. split.GetProperty("row_id").EnumerateArray().Select(r => r.GetInt64())];
        long[] labels = [.. split.GetProperty("label").EnumerateArray().Select(r => r.GetInt64())];
        string[] hashes = [.. split.GetProperty("texts_sha256").EnumerateArray().Select(h => h.GetString()!)];

        using IEnumerator<PromptedExample> examples = stream.Examples.GetEnumerator();
        int skipped = 0;
        for (int i = 0; i < rowIds.Length; i++)
        {
            PromptedExample example = NextWithRowId(examples, rowIds[i], ref skipped, i);
            if (i == 0)
            {
                var first = split.GetProperty("texts_example_0").EnumerateArray()
                    .Select(v => v.EnumerateArray().Select(q => q.GetString()!).ToArray()).ToArray();
                Assert.Equal(first, example.Texts.Select(v => v.ToArray()).ToArray());
            }
            Assert.True(labels[i] == example.Label, $"row_id {rowIds[i]}: label {example.Label}, the original's {labels[i]}");
            Assert.True(hashes[i] == TextsSha256(example), $"row_id {rowIds[i]} (example {i}): question texts differ from the original's");
        }
    }

    /// <summary>Advances to the listed row, allowing the examples the original skipped in between.</summary>
    private static PromptedExample NextWithRowId(IEnumerator<PromptedExample> examples, long rowId, ref int skipped, int position)
    {
        while (examples.MoveNext())
        {
            if (examples.Current.RowId == rowId) return examples.Current;
            Assert.True(++skipped <= MaxSkippedPerSplit,
                $"row_id {rowId} (example {position}) not reached: more than {MaxSkippedPerSplit} other rows came first");
        }
        Assert.Fail($"the stream ended before row_id {rowId} (example {position})");
        return null!;
    }

    /// <summary>meta.json's <c>texts_sha256</c>: the question strings, variant by variant and choice by choice, joined with U+0000.</summary>
    private static string TextsSha256(PromptedExample example) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', example.Texts.SelectMany(v => v)))));

    private static bool Flag(JsonElement meta, string name, bool fallback) =>
        meta.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;
}
