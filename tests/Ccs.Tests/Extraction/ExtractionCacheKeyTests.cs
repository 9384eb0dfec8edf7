using Ccs.Caching;
using Ccs.Data;
using Ccs.Extraction;
using Ccs.Hub;
using Ccs.Options;
using Ccs.Tests.Cli;

namespace Ccs.Tests.Extraction;

/// <summary>The fingerprint changes with everything that changes the stored numbers, and with nothing else.</summary>
public sealed class ExtractionCacheKeyTests : IDisposable
{
    private readonly ScratchFolder _folder = new();
    private readonly ExtractionInputs _inputs;
    private static readonly ExtractOptions Data = CliHarness.DefaultData("model", "data");
    private static readonly int[] Layers = [0, 1, 2];

    public ExtractionCacheKeyTests()
    {
        _folder.Write("model/config.json", "{}");
        _folder.Write("model/model.safetensors", "weights");
        _folder.Write("model/README.md", "about the model");
        _folder.Write("data/train.jsonl", "{}\n");
        _folder.Write("templates/templates.yaml", "templates: {}\n");
        _inputs = new ExtractionInputs(new ModelFolder(At("model"), null, null), "data", [At("data/train.jsonl")], new string('a', 64));
    }

    public void Dispose() => _folder.Dispose();

    private string At(string relative) => Path.Combine(_folder.Path, relative);

    private string Fingerprint(ExtractionInputs? inputs = null, ExtractOptions? data = null, SplitRole role = SplitRole.Train,
        int[]? layers = null, string dtype = "float32", HiddenStorage storage = HiddenStorage.BFloat16) =>
        ExtractionCacheKey.Build(inputs ?? _inputs, data ?? Data, role, layers ?? Layers, dtype, storage).Fingerprint;

    [Fact]
    public void Options_that_change_the_numbers_change_the_fingerprint()
    {
        string baseline = Fingerprint();
        string[] changed =
        [
            Fingerprint(data: Data with { Seed = 1 }),
            Fingerprint(data: Data with { Binarize = true }),
            Fingerprint(data: Data with { NumShots = 2 }),
            Fingerprint(data: Data with { Balance = false }),
            Fingerprint(data: Data with { MaxExamplesTrain = 999 }),
            Fingerprint(data: Data with { TokenLoc = TokenLoc.Mean }),
            Fingerprint(data: Data with { UseEncoderStates = true }),
            Fingerprint(role: SplitRole.Validation),
            Fingerprint(layers: [0, 2]),
            Fingerprint(dtype: "bfloat16"),
            Fingerprint(storage: HiddenStorage.Float32),
            Fingerprint(inputs: _inputs with { Model = new ModelFolder(At("model"), new HubRepo(RepoKind.Model, "org/model"), "abc123") }),
            Fingerprint(inputs: _inputs with { DatasetSpec = "data:config" }),
        ];
        Assert.DoesNotContain(baseline, changed);
        Assert.Equal(changed.Length, changed.Distinct().Count());
    }

    [Fact]
    public void Options_that_do_not_change_the_numbers_keep_the_fingerprint()
    {
        string baseline = Fingerprint();
        Assert.Equal(baseline, Fingerprint(data: Data with { MaxExamplesVal = 5 }));      // the other split's limit
        Assert.Equal(baseline, Fingerprint(data: Data with { NumVariants = 3 }));          // ignored, as the original
        Assert.Equal(baseline, Fingerprint(data: Data with { DataDirs = ValueList.Of("x") }));
        Assert.Equal(baseline, Fingerprint(data: Data with { Model = "other spelling", Layers = ValueList.Of(1), LayerStride = 3 })); // resolved values count
        File.WriteAllText(At("model/README.md"), "edited");
        Assert.Equal(baseline, Fingerprint());
    }

    [Fact]
    public void Edited_weights_data_or_templates_change_the_fingerprint()
    {
        string baseline = Fingerprint();
        File.SetLastWriteTimeUtc(At("model/model.safetensors"), DateTime.UtcNow.AddMinutes(-5));
        string weightsTouched = Fingerprint();
        File.AppendAllText(At("data/train.jsonl"), "{}\n");
        string dataEdited = Fingerprint();
        string templatesEdited = Fingerprint(inputs: _inputs with { TemplatesSha256 = new string('b', 64) });
        Assert.Equal(4, new[] { baseline, weightsTouched, dataEdited, templatesEdited }.Distinct().Count());
    }
}
