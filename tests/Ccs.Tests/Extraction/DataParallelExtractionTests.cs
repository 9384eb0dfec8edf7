using Ccs.Benchmarks;
using Ccs.Caching;
using Ccs.Data;
using Ccs.Extraction;
using Ccs.Models;
using Ccs.Options;
using Ccs.Tests.Models;
using Ccs.Tests.Support;
using Ccs.Tokenization;
using static TorchSharp.torch;

namespace Ccs.Tests.Extraction;

/// <summary>
/// Extraction with one model replica per device (here several CPU replicas, as the GPU build would place one per
/// GPU): the cache is byte for byte the one-replica cache, an interrupted run resumes, and a failing replica keeps
/// the parts before its own. The model is a small random-weight GPT-2 with its LM head, so the shared-prefix pass and
/// the LM log-odds run on the worker threads too.
/// </summary>
[Collection(ModelTestCollection.Name)]
public sealed class DataParallelExtractionTests : IDisposable
{
    private static readonly int[] Layers = [0, 1, 2];
    private static readonly CacheKey Key = new([new("model", "random gpt2"), new("split", "train")]);
    private const int Examples = 9;
    private readonly ScratchFolder _scratch = new();
    private readonly Tokenizer _tokenizer = TokenizerLoader.FromFolder(SharedMaterial.Path("tokenizers", "gpt2"));
    private readonly string _configFolder;

    public DataParallelExtractionTests()
    {
        _configFolder = Path.GetDirectoryName(_scratch.Write("gpt2/config.json", ExtractionFixtures.TinyGpt2Config))!;
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>Nine examples of two variants; parts of two examples, so waves of two replicas end on a half wave.</summary>
    private static IEnumerable<PromptedExample> Stream() => ExtractionFixtures.TwoVariantExamples(Examples, firstRowId: 100);

    private ExtractionModel Replica() => new(RandomModels.Create(_configFolder, ModelPlacement.CpuFloat32, seed: 5), _tokenizer);

    private HiddenStateExtractor Extractor(string root, int replicas, Func<int, ExtractionModel>? load = null)
    {
        int loaded = 0;
        var settings = new ExtractionSettings(Layers, TokenLoc.Last, HiddenStorage.Float32, PartSize: 2);
        return new HiddenStateExtractor(root, [.. Enumerable.Repeat(CPU, replicas)], _ => (load ?? (_ => Replica()))(loaded++), settings,
            ExtractionFixtures.Quiet);
    }

    private async Task<string[]> ExtractInto(string root, int replicas)
    {
        using var extractor = Extractor(root, replicas);
        var outcome = await extractor.ExtractAsync(new SplitJob("synthetic train", Key, Stream, Examples));
        Assert.Equal(Examples, outcome.Extracted);
        return Snapshot(root);
    }

    [Fact]
    public async Task Two_and_three_replicas_write_the_bytes_of_one()
    {
        string[] one = await ExtractInto(Path.Combine(_scratch.Path, "one"), 1);
        Assert.Equal(one, await ExtractInto(Path.Combine(_scratch.Path, "two"), 2));
        Assert.Equal(one, await ExtractInto(Path.Combine(_scratch.Path, "three"), 3));

        var entry = CacheEntry.TryOpenComplete(Path.Combine(_scratch.Path, "two"), Key)!;
        Assert.Equal([2, 2, 2, 2, 1], entry.Parts.Select(p => p.Rows));
        var rows = await entry.ReadAllAsync();
        Assert.Equal(Enumerable.Range(100, Examples).Select(i => (long)i), rows.Select(r => r.RowId));
        Assert.All(rows, r => Assert.Equal(4, r.LmLogOdds!.Length));   // (variants, choices)
    }

    [Fact]
    public async Task Each_device_gets_one_replica_loaded_once_for_all_splits()
    {
        var devices = new List<Device>();
        int loads = 0;
        var settings = new ExtractionSettings(Layers, TokenLoc.Last, HiddenStorage.Float32, PartSize: 2);
        using var extractor = new HiddenStateExtractor(_scratch.Path, [CPU, CPU], device => { devices.Add(device); loads++; return Replica(); },
            settings, ExtractionFixtures.Quiet);
        await extractor.ExtractAsync(new SplitJob("a", Key, Stream, 4));
        await extractor.ExtractAsync(new SplitJob("b", new CacheKey([new("split", "other")]), Stream, 3));
        Assert.Equal(2, loads);
        Assert.All(devices, d => Assert.Equal(TorchSharp.DeviceType.CPU, d.type));
    }

    [Fact]
    public async Task An_interrupted_parallel_run_resumes_to_the_one_replica_files()
    {
        string[] expected = await ExtractInto(Path.Combine(_scratch.Path, "clean"), 1);
        string root = Path.Combine(_scratch.Path, "interrupted");
        using (var interrupted = Extractor(root, 2))
        {
            var job = new SplitJob("synthetic train", Key, () => FailingAfter(5), Examples);
            Assert.Equal("disk gone", (await Assert.ThrowsAsync<IOException>(() => interrupted.ExtractAsync(job))).Message);
        }
        // The first wave (examples 0-3) was stored; the second never got its second part.
        Assert.Equal(4, CacheEntry.Open(root, Key, new SplitShape(Layers, 2, 2, 32, true), HiddenStorage.Float32).RowCount);

        using (var resumed = Extractor(root, 2))
            Assert.Equal(Examples - 4, (await resumed.ExtractAsync(new SplitJob("synthetic train", Key, Stream, Examples))).Extracted);
        Assert.Equal(expected, Snapshot(root));

        static IEnumerable<PromptedExample> FailingAfter(int count)
        {
            foreach (var example in Stream().Take(count)) yield return example;
            throw new IOException("disk gone");
        }
    }

    [Fact]
    public async Task A_failing_replica_keeps_the_parts_before_its_own_and_its_error()
    {
        string root = Path.Combine(_scratch.Path, "failing");
        using var extractor = Extractor(root, 2, i => i == 0 ? Replica() : new ExtractionModel(new Failing(Replica().Model), _tokenizer));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            extractor.ExtractAsync(new SplitJob("synthetic train", Key, Stream, Examples)));
        Assert.Equal("replica 1 failed", e.Message);
        var entry = CacheEntry.Open(root, Key, new SplitShape(Layers, 2, 2, 32, true), HiddenStorage.Float32);
        Assert.False(entry.IsComplete);
        Assert.Equal(2, entry.RowCount);
    }

    /// <summary>
    /// Why each worker opens its own: inference mode and dispose scopes do not cross threads. (Synchronous on
    /// purpose: a guard or scope must be disposed on the thread that opened it, which an await does not promise.)
    /// </summary>
    [Fact]
    public void Inference_mode_and_dispose_scopes_are_per_thread()
    {
        using (inference_mode())
        {
            Assert.True(is_inference_mode_enabled());
            Assert.False(OnOtherThread(() => is_inference_mode_enabled()));
        }
        using var outer = NewDisposeScope();
        var made = OnOtherThread(() =>
        {
            using var scope = NewDisposeScope();
            return zeros(1).MoveToOuterDisposeScope();
        });
        Assert.False(made.IsInvalid);   // the worker's scope had no outer scope of ours to move it to...
        Assert.Equal(0, outer.DisposablesCount);    // ...and ours did not collect it
        made.Dispose();

        static T OnOtherThread<T>(Func<T> work)
        {
            T result = default!;
            var thread = new Thread(() => result = work());
            thread.Start();
            thread.Join();
            return result;
        }
    }

    private static string[] Snapshot(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f) + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))];

    /// <summary>A replica whose forward pass throws (it is no decoder to the passes, so it runs the full-sequence pass).</summary>
    private sealed class Failing(IHiddenStateModel inner) : IHiddenStateModel
    {
        public ModelConfig Config => inner.Config;
        public ModelPlacement Placement => inner.Placement;
        public Tensor[] HiddenStates(Tensor inputIds, Tensor attentionMask) => throw new InvalidOperationException("replica 1 failed");
        public void Dispose() => inner.Dispose();
    }
}
