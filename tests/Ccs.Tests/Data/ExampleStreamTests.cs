using System.Collections.Immutable;
using Ccs.Data;
using Ccs.Runs;

namespace Ccs.Tests.Data;

/// <summary>
/// Few-shot demonstrations and binarization on small fixed datasets. The expected values were produced by running
/// the original's own logic (<c>load_prompts</c>, <c>_convert_to_prompts</c>, <c>BalancedSampler</c>,
/// <c>FewShotSampler</c>, <c>stochastic_round_constrained</c>) under CPython 3.11 with numpy's published
/// <c>default_rng(42).permutation(10)</c> = [5, 6, 0, 7, 3, 2, 4, 9, 1, 8] and <c>default_rng(3).permutation(5)</c> =
/// [4, 2, 1, 3, 0] as the shuffles.
/// </summary>
public sealed class ExampleStreamTests : IDisposable
{
    private static readonly long[] TrainLabels = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1];
    private static readonly long[] ValidationLabels = [1, 1, 0, 0, 0, 1, 0, 1, 0, 0];
    private static readonly CcsConsole Quiet = new(TextWriter.Null, TextWriter.Null, false);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class FakeTemplate(string name, Func<IReadOnlyDictionary<string, object?>, PromptText> apply) : IPromptTemplate
    {
        public string Name => name;
        public PromptText Apply(IReadOnlyDictionary<string, object?> example) => apply(example);
    }

    // Listed out of order on purpose: templates are used sorted by name.
    private static readonly PromptTemplates SentimentTemplates = new(
    [
        new FakeTemplate("b second", e => new("Q: " + e["text"], (long)e["label"]! == 0 ? "negative" : "positive")),
        new FakeTemplate("a first", e => new(e["text"] + "\n", (long)e["label"]! == 0 ? "no" : "yes")),
    ]);

    private Dataset BinaryDataset()
    {
        _folder.WriteJsonl("binary/train.jsonl", TrainLabels.Select((l, i) => new { text = $"train {i}", label = l }));
        _folder.WriteJsonl("binary/validation.jsonl", ValidationLabels.Select((l, i) => new { text = $"val {i}", label = l }));
        return Dataset.OpenLocal(DatasetSpec.Parse(Path.Combine(_folder.Path, "binary")));
    }

    /// <summary>The question the original builds: demonstrations joined by qa_cat, then the query.</summary>
    private static string FewShotQuestion(string template, int[] demoRows, string query)
    {
        IEnumerable<string> demos = demoRows.Select(i => template == "a first"
            ? $"train {i}\n" + (TrainLabels[i] == 0 ? "no" : "yes")          // question ends in a newline: no separator
            : $"Q: train {i} " + (TrainLabels[i] == 0 ? "negative" : "positive"));
        return string.Join("\n\n", demos) + "\n\n" + query;
    }

    public static TheoryData<int, long[], long[], int[][][]> FewShotCases() => new()
    {
        // shots, row ids, labels, demonstration rows per example: [a first: choice 0, choice 1, b second: choice 0, choice 1]
        {
            3, [6, 5, 3, 0], [0, 1, 0, 1],
            [
                [[6, 0, 7], [4, 3, 5], [6, 5, 8], [7, 1, 0]],
                [[3, 2, 9], [5, 8, 1], [6, 9, 4], [2, 0, 7]],
                [[2, 3, 4], [5, 8, 6], [1, 7, 3], [4, 0, 2]],
                [[5, 6, 8], [1, 9, 0], [3, 9, 7], [6, 8, 1]],
            ]
        },
        {
            2, [6, 5, 3, 0], [0, 1, 0, 1],
            [
                [[7, 0], [2, 3], [6, 4], [9, 5]],
                [[8, 5], [1, 6], [7, 0], [2, 3]],
                [[5, 8], [1, 6], [9, 0], [7, 3]],
                [[8, 5], [1, 6], [9, 0], [7, 3]],
            ]
        },
    };

    [Theory]
    [MemberData(nameof(FewShotCases))]
    public void Few_shot_prompts_match_the_original(int shots, long[] rowIds, long[] labels, int[][][] demos)
    {
        var stream = ExampleStream.Open(BinaryDataset(), SplitRole.Validation, SentimentTemplates,
            new ExampleOptions(Binarize: false, NumShots: shots, Seed: 42, Balance: true), Quiet);
        var examples = stream.Examples.Take(rowIds.Length).ToList();

        Assert.Equal(rowIds, examples.Select(e => e.RowId));
        Assert.Equal(labels, examples.Select(e => (long)e.Label));
        for (int e = 0; e < examples.Count; e++)
        {
            PromptedExample ex = examples[e];
            Assert.Equal(["a first", "b second"], ex.TemplateNames.ToArray());
            string text = $"val {ex.RowId}";
            Assert.Equal(
            [
                [new(FewShotQuestion("a first", demos[e][0], text + "\n"), "no"), new(FewShotQuestion("a first", demos[e][1], text + "\n"), "yes")],
                [new(FewShotQuestion("b second", demos[e][2], "Q: " + text), "negative"), new(FewShotQuestion("b second", demos[e][3], "Q: " + text), "positive")],
            ], ex.Prompts.Select(v => v.ToArray()).ToArray());
        }
    }

    [Fact]
    public void Enumerating_again_gives_the_same_examples()
    {
        var stream = ExampleStream.Open(BinaryDataset(), SplitRole.Train, SentimentTemplates,
            new ExampleOptions(Binarize: false, NumShots: 3, Seed: 42, Balance: true), Quiet);
        var first = stream.Examples.Take(5).SelectMany(e => e.Texts.SelectMany(t => t)).ToList();
        Assert.Equal(first, stream.Examples.Take(5).SelectMany(e => e.Texts.SelectMany(t => t)));
    }

    private static readonly PromptTemplates ColourTemplate = new(
        [new FakeTemplate("t", e => new((string)e["text"]!, ((string[])["red", "green", "blue"])[(long)e["label"]!]))]);

    public static TheoryData<long, bool, long[], long[], string[][]> BinarizeCases() => new()
    {
        // seed, balance, validation labels, expected row ids, expected choice colours (label is always the first here)
        {
            42, true, [2, 0, 1, 1, 2, 0, 0, 2, 1, 0], [5, 3, 0, 6, 2, 7, 9, 8, 4],
            [["red", "green"], ["green", "blue"], ["blue", "red"], ["red", "green"], ["green", "blue"], ["blue", "red"], ["red", "green"], ["green", "red"], ["blue", "green"]]
        },
        {
            3, false, [1, 2, 0, 0, 1], [4, 2, 1, 3, 0],
            [["green", "red"], ["blue", "red"], ["blue", "red"], ["blue", "red"], ["green", "red"]]
        },
    };

    [Theory]
    [MemberData(nameof(BinarizeCases))]
    public void Binarized_choices_match_the_original(long seed, bool balance, long[] labels, long[] rowIds, string[][] colours)
    {
        _folder.WriteJsonl("colours/train.jsonl", labels.Select((l, i) => new { text = $"train {i}", label = l }));
        _folder.WriteJsonl("colours/validation.jsonl", labels.Select((l, i) => new { text = $"val {i}", label = l }));
        var dataset = Dataset.OpenLocal(DatasetSpec.Parse(Path.Combine(_folder.Path, "colours")));

        var stream = ExampleStream.Open(dataset, SplitRole.Validation, ColourTemplate,
            new ExampleOptions(Binarize: true, NumShots: 0, Seed: seed, Balance: balance), Quiet);
        var examples = stream.Examples.ToList();

        Assert.Equal(2, stream.Labels.NumClasses);
        Assert.Equal(rowIds, examples.Select(e => e.RowId));
        Assert.Equal(colours, examples.Select(e => e.Prompts[0].Select(p => p.Answer).ToArray()));
        // The true label's colour sits at the stored label position.
        string[] names = ["red", "green", "blue"];
        Assert.All(examples, e => Assert.Equal(names[labels[e.RowId]], e.Prompts[0][e.Label].Answer));
        long[] expectedLabelPositions = seed == 42 ? [.. rowIds.Select(_ => 0L)] : [0, 1, 0, 1, 0];
        Assert.Equal(expectedLabelPositions, examples.Select(e => (long)e.Label));
    }

    [Fact]
    public void Without_binarize_every_class_is_a_choice_and_k_is_the_class_count()
    {
        _folder.WriteJsonl("colours/train.jsonl", new[] { 0L, 1, 2 }.Select((l, i) => new { text = $"t{i}", label = l }));
        _folder.WriteJsonl("colours/test.jsonl", new[] { 2L, 1, 0 }.Select((l, i) => new { text = $"v{i}", label = l }));
        var stream = ExampleStream.Open(Dataset.OpenLocal(DatasetSpec.Parse(Path.Combine(_folder.Path, "colours"))), SplitRole.Validation,
            ColourTemplate, new ExampleOptions(false, 0, 42, Balance: false), Quiet);
        Assert.Equal(3, stream.Labels.NumClasses);
        PromptedExample first = stream.Examples.First();
        Assert.Equal(["red", "green", "blue"], first.Prompts[0].Select(p => p.Answer));
        Assert.Equal(first.RowId, 2 - first.Label); // test labels are 2, 1, 0
    }

    [Fact]
    public void Duplicate_renderings_are_bad_input()
    {
        var constant = new PromptTemplates([new FakeTemplate("same", _ => new("q", "a"))]);
        var stream = ExampleStream.Open(BinaryDataset(), SplitRole.Train, constant, new ExampleOptions(false, 0, 42, true), Quiet);
        var e = Assert.Throws<CcsException>(() => stream.Examples.First());
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Contains("Prompt duplicated 2 times!", e.Message);
    }

    [Fact]
    public void Max_examples_counts_only_kept_examples()
    {
        var stream = ExampleStream.Open(BinaryDataset(), SplitRole.Train, SentimentTemplates, new ExampleOptions(false, 0, 42, true), Quiet);
        var skipped = new List<long>();
        var kept = stream.Examples.TakeKept(3, e => e.RowId % 2 == 0, e => skipped.Add(e.RowId)).Select(e => e.RowId).ToList();
        var all = stream.Examples.Select(e => e.RowId).ToList();
        Assert.Equal(all.Where(id => id % 2 == 0).Take(3), kept);
        Assert.Equal(all.TakeWhile(id => id != kept[^1]).Where(id => id % 2 != 0), skipped);
    }
}
