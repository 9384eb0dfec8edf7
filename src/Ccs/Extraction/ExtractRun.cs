using Ccs.Caching;
using Ccs.Data;
using Ccs.Hub;
using Ccs.Models;
using Ccs.Options;
using Ccs.Runs;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>Options of <c>ccs extract</c>: elicit's data options plus how the forward passes run and what is stored.</summary>
/// <param name="BatchSize">Sequences per forward pass; null = grouped by a token budget.</param>
/// <param name="DType">The model's float type; null = spec 4.1's rule (float32 on CPU, bf16 for fp32 weights on a GPU).</param>
public sealed record ExtractVerbOptions(ExtractOptions Data, int? BatchSize, ScalarType? DType, HiddenStorage Storage, bool DisableCache);

/// <summary><c>ccs extract</c>: fills the hidden-state cache for the train and validation split of every dataset.</summary>
public static class ExtractRun
{
    public static async Task<int> RunAsync(ExtractVerbOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        ExtractOptions data = options.Data;
        using var hub = HubFiles.FromEnvironment(console.Warn);
        ModelFolder folder = await ModelLocator.LocateAsync(data.Model, hub, cancellationToken);
        ModelConfig config = PretrainedModel.ReadConfig(folder.Path);
        IReadOnlyList<int> layers = LayerSelection.Resolve(data, config.NumHiddenLayers);
        Device device = cuda.is_available() ? CUDA : CPU;
        ScalarType dtype = options.DType ?? DefaultDType(config, device, console);
        var placement = new ModelPlacement(device, dtype);
        string dtypeName = dtype.ToString().ToLowerInvariant();

        var settings = new ExtractionSettings(layers, data.TokenLoc, options.Storage, options.BatchSize, options.DisableCache);
        using var extractor = new HiddenStateExtractor(HiddenStateCache.DefaultRoot(), () =>
        {
            console.Error.WriteLine($"Loading {data.Model} ({config.ModelType}, {dtypeName}) on {device.type.ToString().ToLowerInvariant()}");
            return ExtractionModel.Load(folder.Path, placement);
        }, settings, console);

        foreach (string datasetArgument in data.Datasets)
        {
            var source = await ExampleSource.OpenAsync(datasetArgument, data, hub, console, cancellationToken);
            var inputs = new ExtractionInputs(folder, source.Spec, source.DataFiles, source.TemplateFile);
            foreach (SplitRole role in new[] { SplitRole.Train, SplitRole.Validation })
            {
                string name = $"{source.Spec} {(role == SplitRole.Train ? "train" : "val")}";
                var job = new SplitJob(name, ExtractionCacheKey.Build(inputs, data, role, layers, dtypeName, options.Storage),
                    source.Examples(role), role == SplitRole.Train ? data.MaxExamplesTrain : data.MaxExamplesVal);
                SplitOutcome outcome = await extractor.ExtractAsync(job, cancellationToken);
                string how = outcome.FromCache ? "cached" : "extracted";
                console.Out.WriteLine($"{name}: {outcome.Entry.RowCount} examples ({how}) in {outcome.Entry.Directory}");
            }
        }
        return ExitCode.Success;
    }

    /// <summary>Spec 4.1: float32 on CPU; on a GPU bf16 for fp32 (or unstated) weights, else the checkpoint's dtype.</summary>
    private static ScalarType DefaultDType(ModelConfig config, Device device, CcsConsole console)
    {
        if (device.type == TorchSharp.DeviceType.CPU) return ScalarType.Float32;
        if (config.TorchDtype is null or "float32")
        {
            console.Out.WriteLine("Weights seem to be fp32, but bf16 is available. Loading in bf16.");
            return ScalarType.BFloat16;
        }
        return ModelPlacement.ParseDType(config.TorchDtype);
    }
}
