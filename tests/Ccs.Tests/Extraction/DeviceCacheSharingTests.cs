using Ccs.Tests.Runs;

namespace Ccs.Tests.Extraction;

/// <summary>Spec 4.6: the device flags are not in the cache key, so a cache filled on one device choice serves every other.</summary>
[Collection(Models.ModelTestCollection.Name)]
public sealed class DeviceCacheSharingTests : IDisposable
{
    private readonly ScratchFolder _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void A_cache_filled_with_device_cpu_is_used_by_auto_with_other_gpu_flags()
    {
        foreach (string split in new[] { "train", "validation" })
            _work.Write($"reviews/{split}.jsonl", string.Concat(Enumerable.Range(0, 4).Select(i =>
                $"{{\"text\": \"A {split} review, number {i}: {(i % 2 == 0 ? "dull" : "a fine film")}.\", \"label\": {i % 2}}}\n")));
        string templates = _work.Write("templates/templates.yaml", ExtractionFixtures.ReviewTemplateFile("reviews"));
        string[] args = ["extract", ExtractionFixtures.MiniLm, Path.Combine(_work.Path, "reviews"), "--template_path", templates,
                         "--max_examples", "4", "4", "--layers", "1"];
        var first = CcsProcess.Run(_work.Path, [.. args, "--device", "cpu"]);
        Assert.True(first.Code == 0, first.Err);
        Assert.Equal(2, first.Out.Split('\n').Count(l => l.Contains(" examples (extracted) in ", StringComparison.Ordinal)));

        var second = CcsProcess.Run(_work.Path, [.. args, "--device", "auto", "--num_gpus", "0", "--min_gpu_mem", "5"]);
        Assert.True(second.Code == 0, second.Err);
        Assert.Equal(2, second.Out.Split('\n').Count(l => l.Contains(" examples (cached) in ", StringComparison.Ordinal)));
        Assert.DoesNotContain("Loading", second.Err);
    }
}
