using Ccs.Caching;
using Ccs.Data;
using Ccs.Extraction;
using Ccs.Models;
using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Models;
using Ccs.Tokenization;
using static TorchSharp.torch;

namespace Ccs.Tests.Extraction;

/// <summary>The extraction engine with the cache: skipping, limits, parts, cache hits, recomputation, resumption.</summary>
[Collection(ModelTestCollection.Name)]
public sealed class HiddenStateExtractorTests : IDisposable
{
    private static readonly int[] Layers = [0, 2, 6];
    private readonly ScratchFolder _cache = new();
    private int _loads;

    public void Dispose() => _cache.Dispose();

    private static readonly CacheKey Key = new([new("model", "MiniLM"), new("dataset", "synthetic"), new("split", "train")]);

    private static ExtractionSettings Settings(int? batchSize = null, bool disableCache = false) =>
        new(Layers, TokenLoc.Last, HiddenStorage.Float32, batchSize, disableCache, PartSize: 3);

    private HiddenStateExtractor Extractor(ExtractionSettings settings, CcsConsole? console = null, Func<ExtractionModel>? load = null) =>
        new(_cache.Path, () => { _loads++; return (load ?? ExtractionFixtures.SharedMiniLm)(); }, settings, console ?? ExtractionFixtures.Quiet);

    /// <summary>Ten short examples; examples 2 and 5 have a question far over MiniLM's 512 tokens.</summary>
    private static IEnumerable<PromptedExample> Examples()
    {
        var texts = ExtractionFixtures.ShortTexts(10);
        string tooLong = string.Join(' ', Enumerable.Repeat("word", 600));
        for (int i = 0; i < texts.Count; i++)
            yield return ExtractionFixtures.Example(100 + i, i % 2, texts[i], i is 2 or 5 ? tooLong : "Is it good?");
    }

    private static SplitJob Job(int maxExamples = 6, Func<IEnumerable<PromptedExample>>? examples = null) =>
        new("synthetic train", Key, examples ?? Examples, maxExamples);

    [Fact]
    public async Task Too_long_examples_are_skipped_reported_and_not_counted()
    {
        var errors = new StringWriter();
        using var extractor = Extractor(Settings(), new CcsConsole(TextWriter.Null, errors, false));
        var outcome = await extractor.ExtractAsync(Job());

        var rows = await outcome.Entry.ReadAllAsync();
        Assert.Equal([100L, 101, 103, 104, 106, 107], rows.Select(r => r.RowId));
        Assert.Equal(2, outcome.Skipped);
        Assert.Equal([3, 3], outcome.Entry.Parts.Select(p => p.Rows));
        Assert.Equal([4L, 8], outcome.Entry.Parts.Select(p => p.StreamEnd));
        Assert.Contains("warning: synthetic train: skipped 2 examples with an input longer than the tokenizer's maximum of 512 tokens", errors.ToString());
        Assert.Contains("synthetic train: 6/6 examples (", errors.ToString());
        Assert.Equal(["template 0", "template 1"], rows[0].VariantIds);
        Assert.Equal("Is it good? Really?", rows[0].Texts[1][1]);
        Assert.Null(rows[0].LmLogOdds);
    }

    [Fact]
    public async Task Stored_states_are_the_last_token_states_of_a_direct_model_call()
    {
        using var extractor = Extractor(Settings(batchSize: 5));
        var rows = await (await extractor.ExtractAsync(Job(maxExamples: 2))).Entry.ReadAllAsync();

        var tokenizer = new PromptTokenizer(ExtractionFixtures.MiniLmTokenizer(), _ => { });
        var model = ModelRuns.Model(ExtractionFixtures.MiniLm);
        int d = model.Config.HiddenSize;
        double worst = 0;
        foreach (var (row, example) in rows.Zip(Examples()))
        {
            var choices = tokenizer.Tokenize(example, 0).Choices;
            for (int c = 0; c < choices.Count; c++)
            {
                long[] ids = [.. choices[c].Ids.Select(x => (long)x)];
                var direct = ModelRuns.Run(model, [ids], [[.. ids.Select(_ => 1L)]])[0];
                foreach (int layer in Layers)
                    for (int j = 0; j < d; j++)
                        worst = Math.Max(worst, Math.Abs(direct[layer][ids.Length - 1, j] - row.Hidden[layer][c * d + j]));
            }
        }
        Assert.InRange(worst, 0, 1e-5);
    }

    [Fact]
    public async Task A_complete_entry_is_returned_without_loading_the_model_and_disable_cache_recomputes()
    {
        using (var first = Extractor(Settings()))
            Assert.False((await first.ExtractAsync(Job())).FromCache);
        Assert.Equal(1, _loads);
        string[] files = Snapshot();

        using (var second = Extractor(Settings(batchSize: 1)))
        {
            var hit = await second.ExtractAsync(Job(examples: () => throw new InvalidOperationException("the stream was read")));
            Assert.True(hit.FromCache);
            Assert.Equal(6, hit.Entry.RowCount);
        }
        Assert.Equal(1, _loads);

        using (var third = Extractor(Settings(disableCache: true)))
        {
            var recomputed = await third.ExtractAsync(Job());
            Assert.False(recomputed.FromCache);
            Assert.Equal(6, recomputed.Extracted);
        }
        Assert.Equal(2, _loads);
        Assert.Equal(files, Snapshot()); // recomputed to the same bytes
    }

    [Fact]
    public async Task An_interrupted_extraction_resumes_after_its_last_part_and_ends_with_identical_files()
    {
        using (var clean = Extractor(Settings()))
            await clean.ExtractAsync(Job());
        string[] expected = Snapshot();
        Directory.Delete(Path.Combine(_cache.Path, Key.Fingerprint), recursive: true);

        using (var interrupted = Extractor(Settings()))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => interrupted.ExtractAsync(Job(examples: () => FailingAfter(5))));
            Assert.Equal("disk gone", e.Message);
        }
        var partial = CacheEntry.Open(_cache.Path, Key, new SplitShape(Layers, 2, 2, 384, false), HiddenStorage.Float32);
        Assert.False(partial.IsComplete);
        Assert.Equal(3, partial.RowCount);

        var errors = new StringWriter();
        using (var resumed = Extractor(Settings(), new CcsConsole(TextWriter.Null, errors, false)))
            Assert.Equal(3, (await resumed.ExtractAsync(Job())).Extracted);
        Assert.Contains("synthetic train: resuming after 3 cached examples", errors.ToString());
        Assert.Equal(expected, Snapshot());

        static IEnumerable<PromptedExample> FailingAfter(int count)
        {
            foreach (var example in Examples().Take(count)) yield return example;
            throw new IOException("disk gone");
        }
    }

    [Fact]
    public async Task Non_finite_states_are_reported_naming_the_split_and_example()
    {
        var tokenizer = ExtractionFixtures.MiniLmTokenizer();
        using var extractor = Extractor(Settings(), load: () => new ExtractionModel(new FakeModel(float.NaN), tokenizer));
        var e = await Assert.ThrowsAsync<CcsException>(() => extractor.ExtractAsync(Job()));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.StartsWith("synthetic train: example 100: layer 0 has a non-finite hidden state (NaN)", e.Message);
    }

    private string[] Snapshot() =>
        [.. Directory.EnumerateFiles(Path.Combine(_cache.Path, Key.Fingerprint)).Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) + ":" + Convert.ToHexString(File.ReadAllBytes(f)))];

    private sealed record FakeConfig() : ModelConfig("fake", 6, 384, null, []);

    /// <summary>Every hidden state is <paramref name="value"/>.</summary>
    private sealed class FakeModel(float value) : IHiddenStateModel
    {
        public ModelConfig Config { get; } = new FakeConfig();
        public ModelPlacement Placement => ModelPlacement.CpuFloat32;

        public Tensor[] HiddenStates(Tensor inputIds, Tensor attentionMask) =>
            [.. Enumerable.Range(0, 7).Select(_ => full(inputIds.shape[0], inputIds.shape[1], 384, value))];

        public void Dispose() { }
    }
}
