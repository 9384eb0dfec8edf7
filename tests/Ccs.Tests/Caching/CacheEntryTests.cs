using Ccs.Caching;
using TorchSharp;

namespace Ccs.Tests.Caching;

public sealed class CacheEntryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ccs-cache-{Guid.NewGuid():N}");
    private static readonly SplitShape Shape = new([0, 3], Variants: 2, Choices: 2, HiddenSize: 3, HasLmLogOdds: true);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static CacheKey Key(string model = "m", string seed = "42") =>
        new([new("model", model), new("dataset", "imdb"), new("split", "train"), new("seed", seed)]);

    private static ExtractedExample Example(long rowId, float scale)
    {
        float[] Values(int layer) => Enumerable.Range(0, 12).Select(i => scale * (i + 1) / 7f + layer).ToArray();
        return new ExtractedExample(rowId, rowId % 2, ["t1", "t2"], [["q1 a", "q1 b"], ["q2 a", "q2 b"]],
            [0.5f, -1.25f, float.PositiveInfinity, 3f], new Dictionary<int, float[]> { [0] = Values(0), [3] = Values(3) });
    }

    [Fact]
    public async Task Float32_storage_round_trips_exactly()
    {
        var entry = CacheEntry.Open(_root, Key(), Shape, HiddenStorage.Float32);
        var rows = new[] { Example(7, 1.5f), Example(8, -2f) };
        await entry.AppendPartAsync(rows, streamEnd: 2);
        entry.MarkComplete();

        var read = await CacheEntry.TryOpenComplete(_root, Key())!.ReadAllAsync();
        Assert.Equal(2, read.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(rows[i].RowId, read[i].RowId);
            Assert.Equal(rows[i].Label, read[i].Label);
            Assert.Equal(rows[i].VariantIds, read[i].VariantIds);
            Assert.Equal(rows[i].Texts, read[i].Texts);
            Assert.Equal(rows[i].LmLogOdds, read[i].LmLogOdds);
            Assert.Equal(rows[i].Hidden[0], read[i].Hidden[0]);
            Assert.Equal(rows[i].Hidden[3], read[i].Hidden[3]);
        }
    }

    [Fact]
    public async Task BFloat16_storage_rounds_like_torch()
    {
        var entry = CacheEntry.Open(_root, Key(), Shape, HiddenStorage.BFloat16);
        var row = Example(1, 0.123456f);
        await entry.AppendPartAsync([row], 1);
        var read = (await entry.ReadAllAsync())[0];
        using var expected = torch.tensor(row.Hidden[3]).to_type(torch.ScalarType.BFloat16).to_type(torch.ScalarType.Float32);
        Assert.Equal(expected.data<float>().ToArray(), read.Hidden[3]);
    }

    [Fact]
    public async Task A_reopened_entry_keeps_finished_parts_and_drops_stray_files()
    {
        var first = CacheEntry.Open(_root, Key(), Shape, HiddenStorage.BFloat16);
        await first.AppendPartAsync([Example(1, 1f), Example(2, 1f)], streamEnd: 3);
        await first.AppendPartAsync([Example(4, 1f)], streamEnd: 5);
        File.WriteAllText(Path.Combine(first.Directory, "part-00002.parquet.tmp"), "half written");
        File.WriteAllText(Path.Combine(first.Directory, "part-00002.parquet"), "renamed but not recorded");

        var resumed = CacheEntry.Open(_root, Key(), Shape, HiddenStorage.BFloat16);
        Assert.False(resumed.IsComplete);
        Assert.Equal(5, resumed.ResumeStreamPosition);
        Assert.Equal(3, resumed.RowCount);
        Assert.Equal(["manifest.json", "part-00000.parquet", "part-00001.parquet"],
            Directory.EnumerateFiles(resumed.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Null(CacheEntry.TryOpenComplete(_root, Key()));

        await resumed.AppendPartAsync([Example(6, 1f)], streamEnd: 6);
        resumed.MarkComplete();
        Assert.Equal([1L, 2, 4, 6], (await CacheEntry.TryOpenComplete(_root, Key())!.ReadAllAsync()).Select(r => r.RowId));
    }

    [Fact]
    public async Task Discard_and_a_different_shape_start_over()
    {
        var entry = CacheEntry.Open(_root, Key(), Shape, HiddenStorage.Float32);
        await entry.AppendPartAsync([Example(1, 1f)], 1);
        Assert.Equal(0, CacheEntry.Open(_root, Key(), Shape, HiddenStorage.Float32, discard: true).RowCount);

        await CacheEntry.Open(_root, Key(), Shape, HiddenStorage.Float32).AppendPartAsync([Example(1, 1f)], 1);
        Assert.Equal(0, CacheEntry.Open(_root, Key(), Shape with { HiddenSize = 4 }, HiddenStorage.Float32).RowCount);
    }

    [Fact]
    public void The_fingerprint_depends_on_every_field_and_nothing_else()
    {
        Assert.Equal(Key().Fingerprint, Key().Fingerprint);
        Assert.Equal(Key().Fingerprint,
            new CacheKey([new("seed", "42"), new("split", "train"), new("dataset", "imdb"), new("model", "m")]).Fingerprint);
        Assert.NotEqual(Key().Fingerprint, Key(model: "m2").Fingerprint);
        Assert.NotEqual(Key().Fingerprint, Key(seed: "43").Fingerprint);
        Assert.Matches("^[0-9a-f]{16}$", Key().Fingerprint);
    }

    [Fact]
    public async Task Non_finite_hidden_states_are_an_error_naming_the_example()
    {
        var entry = CacheEntry.Open(_root, Key(), Shape, HiddenStorage.Float32);
        var row = Example(42, 1f);
        row.Hidden[3][7] = float.NaN;
        var error = await Assert.ThrowsAsync<CcsException>(() => entry.AppendPartAsync([row], 1));
        Assert.Equal("example 42: layer 3 has a non-finite hidden state (NaN) at variant 1, choice 0, dimension 1", error.Message);
        Assert.Equal(0, entry.RowCount);

        var big = Example(9, 1f);
        big.Hidden[0][0] = 3.4e38f;   // finite in fp32, rounds to infinity in bf16
        var overflow = await Assert.ThrowsAsync<CcsException>(
            () => CacheEntry.Open(_root, Key(seed: "1"), Shape, HiddenStorage.BFloat16).AppendPartAsync([big], 1));
        Assert.Contains("example 9: layer 0 overflows bf16 storage", overflow.Message);
    }
}
