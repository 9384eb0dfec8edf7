using System.Text.Json;
using Ccs.Tests.Support;
using Ccs.Tokenization;

namespace Ccs.Tests.Tokenization;

/// <summary>
/// The <c>input_ids</c> recorded by transformers in <c>models/*/reference/*.json</c>, for every model folder that
/// ships tokenizer files (the tiny models have none: their references start from ids). Truncated cases
/// (<c>truncated_to</c>) and padded batches (<c>padding_side</c>) are reproduced as transformers made them.
/// </summary>
public sealed class ModelFolderTokenizerParityTests
{
    private static readonly string[] TokenizerFiles =
        ["tokenizer.json", "tokenizer.json.gz", "vocab.txt", "vocab.json", "tokenizer.model", "spiece.model", "spm.model"];

    public static TheoryData<string> ReferenceFiles()
    {
        string models = SharedMaterial.Path("models");
        var files = Directory.GetDirectories(models)
            .Where(d => TokenizerFiles.Any(f => File.Exists(Path.Combine(d, f))) && Directory.Exists(Path.Combine(d, "reference")))
            .SelectMany(d => Directory.GetFiles(Path.Combine(d, "reference"), "*.json"))
            .Select(f => Path.GetRelativePath(models, f)).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"no model folder with tokenizer files and references under {models}");
        return new TheoryData<string>(files);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Input_ids_match_the_model_reference(string referenceFile)
    {
        string path = SharedMaterial.Path("models", referenceFile);
        var tokenizer = TokenizerLoader.FromFolder(Path.GetDirectoryName(Path.GetDirectoryName(path))!);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.NotEmpty(cases);

        var failures = new List<string>();
        foreach (var batch in cases.GroupBy(c => c.GetProperty("batch").GetInt32()))
        {
            var encoded = batch.Select(c => tokenizer.Encode(c.GetProperty("text").GetString()!, addSpecialTokens: true,
                c.TryGetProperty("truncated_to", out var max) ? max.GetInt32() : null)).ToArray();
            bool padded = batch.First().GetProperty("padding_side").GetString() != "none";
            var ids = padded ? tokenizer.Pad(encoded) : new PaddedBatch(encoded, encoded.Select(e => e.Select(_ => 1).ToArray()).ToArray());
            foreach (var (c, i) in batch.Select((c, i) => (c, i)))
            {
                int[] expected = Ints(c.GetProperty("input_ids")), mask = Ints(c.GetProperty("attention_mask"));
                if (!ids.InputIds[i].SequenceEqual(expected) || !ids.AttentionMask[i].SequenceEqual(mask))
                    failures.Add($"{JsonSerializer.Serialize(c.GetProperty("text").GetString())}: expected [{string.Join(",", expected)}] got [{string.Join(",", ids.InputIds[i])}]");
            }
        }
        Assert.True(failures.Count == 0, $"{referenceFile}: {failures.Count} of {cases.Count} cases differ:\n{string.Join("\n", failures)}");
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
