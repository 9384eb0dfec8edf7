using System.Collections.Immutable;
using System.Text.Json;
using Ccs.Data;
using Ccs.Runs;
using Ccs.Tests.Support;
using Xunit.Abstractions;

namespace Ccs.Tests.Data;

/// <summary>
/// The rows the original selected (reporter-reference hidden sets, <c>meta.json</c>): its numpy permutation of the
/// local split followed by its balanced sampler, minus the examples it skipped afterwards as longer than 512 tokens.
/// Our stream restricted to the listed ids must give the listed order; the two must agree exactly up to the first
/// skipped example, and only a few stream items may be missing from the list.
/// </summary>
public sealed class SamplingParityTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> SplitsOfEveryHiddenSet()
    {
        var data = new TheoryData<string, string>();
        string root = SharedMaterial.Path("reporter-reference", "hiddens");
        foreach (string meta in Directory.EnumerateFiles(root, "meta.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(meta));
            foreach (JsonProperty split in doc.RootElement.GetProperty("splits").EnumerateObject())
                data.Add(Path.GetRelativePath(SharedMaterial.Root, meta), split.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SplitsOfEveryHiddenSet))]
    public void Selected_rows_follow_the_originals_shuffle_and_balancing(string metaPath, string splitKey)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(SharedMaterial.Path(metaPath)));
        JsonElement meta = doc.RootElement, split = meta.GetProperty("splits").GetProperty(splitKey);
        long seed = meta.GetProperty("data_seed").GetInt64();
        long[] expectedIds = [.. split.GetProperty("row_id").EnumerateArray().Select(e => e.GetInt64())];
        long[] expectedLabels = [.. split.GetProperty("label").EnumerateArray().Select(e => e.GetInt64())];
        string sourceFile = SharedMaterial.Path(split.GetProperty("source_file").GetString()!);

        var dataset = Dataset.OpenLocal(DatasetSpec.Parse(Path.GetDirectoryName(sourceFile)!));
        var console = new CcsConsole(TextWriter.Null, TextWriter.Null, false);
        DatasetSplits splits = SplitSelection.Select(dataset, null, seed, SplitRole.Train, console);
        SplitChoice chosen = splitKey == "train" ? splits.Train : splits.Validation;
        Assert.Equal(Path.GetFileNameWithoutExtension(sourceFile), chosen.Name);

        var labels = new LabelSpace(dataset.Spec, splits.Label, Binarize: false);
        ImmutableArray<object> choices = labels.Choices(chosen.Rows);
        var wanted = expectedIds.ToHashSet();
        var stream = new List<(long Id, long Label, int TextLength)>();
        int found = 0;
        foreach (Row row in BalancedSampler.Stream(chosen.Rows, labels, choices, balance: true, seed))
        {
            var id = (long)row[SplitSelection.RowIdColumn]!;
            stream.Add((id, (long)row[splits.Label.Name]!, row.Values.OfType<string>().Sum(t => t.Length)));
            if (wanted.Contains(id) && ++found == expectedIds.Length) break;
        }

        Assert.Equal(expectedIds, stream.Where(s => wanted.Contains(s.Id)).Select(s => s.Id));
        Assert.Equal(expectedLabels, stream.Where(s => wanted.Contains(s.Id)).Select(s => s.Label));
        int prefix = 0;
        while (prefix < expectedIds.Length && stream[prefix].Id == expectedIds[prefix]) prefix++;
        var skipped = stream.Where(s => !wanted.Contains(s.Id)).ToList();
        int longestKept = stream.Where(s => wanted.Contains(s.Id)).Max(s => s.TextLength);
        output.WriteLine($"{metaPath} {splitKey}: {expectedIds.Length} ids, identical prefix {prefix}, {skipped.Count} of " +
                         $"{stream.Count} stream items absent: [{string.Join(", ", skipped.Select(s => s.Id))}], their texts " +
                         $"{skipped.Min(s => s.TextLength)}-{skipped.Max(s => s.TextLength)} chars, longest kept {longestKept}");
        Assert.True(prefix >= 1, "the very first selected row differs");
        if (prefix < expectedIds.Length) Assert.DoesNotContain(stream[prefix].Id, wanted);
        // The original dropped only inputs over 512 tokens: every absent row is longer than every kept one.
        Assert.True(skipped.Count <= stream.Count / 5, $"{skipped.Count} stream items are missing from the original's selection");
        Assert.All(skipped, s => Assert.True(s.TextLength > longestKept, $"row {s.Id} ({s.TextLength} chars) is absent but not long"));
    }
}
