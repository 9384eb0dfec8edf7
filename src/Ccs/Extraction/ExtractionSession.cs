using System.Collections.Concurrent;
using Ccs.Caching;
using Ccs.Data;
using Ccs.Devices;
using Ccs.Hub;
using Ccs.Models;
using Ccs.Options;
using Ccs.Runs;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>
/// One model's extraction setup, shared by <c>ccs extract</c>, <c>elicit</c> and <c>eval</c>: the resolved model
/// folder, its layers, devices (spec 4.1, chosen once when the session opens) and dtype, and an extractor that loads
/// the model (one replica per device) only when a split is not cached, and then once for all datasets and splits.
/// Also the <see cref="IHiddenStateSource"/> that runs read from.
/// </summary>
public sealed class ExtractionSession : IHiddenStateSource, IDisposable
{
    private readonly ExtractOptions _data;
    private readonly ModelFolder _folder;
    private readonly IReadOnlyList<int> _layers;
    private readonly string _dtypeName;
    private readonly HiddenStorage _storage;
    private readonly HiddenStateExtractor _extractor;
    private readonly CcsConsole _console;
    private readonly Dictionary<string, ExampleSource> _sources = new(StringComparer.Ordinal);

    /// <summary>
    /// Selections made in this process, as the original caches <c>select_usable_devices</c>: a sweep's later models
    /// would otherwise find the memory that libtorch's caching allocator keeps from earlier ones, and wait for it.
    /// </summary>
    private static readonly ConcurrentDictionary<DeviceOptions, DeviceSelection> SelectedForProcess = new();

    private ExtractionSession(ExtractOptions data, ModelFolder folder, IReadOnlyList<int> layers, string dtypeName,
                              HiddenStorage storage, HiddenStateExtractor extractor, CcsConsole console)
    {
        _data = data;
        _folder = folder;
        _layers = layers;
        _dtypeName = dtypeName;
        _storage = storage;
        _extractor = extractor;
        _console = console;
    }

    public static async Task<ExtractionSession> OpenAsync(ExtractVerbOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        ExtractOptions data = options.Data;
        // Before the model is located (maybe downloaded): a device that cannot be had fails at once.
        DeviceSelection selection = await SelectOnceAsync(options.Devices ?? DeviceOptions.Default, console, cancellationToken);
        using var hub = HubFiles.FromEnvironment(console.Warn);
        ModelFolder folder = await ModelLocator.LocateAsync(data.Model, hub, cancellationToken);
        ModelConfig config = PretrainedModel.ReadConfig(folder.Path);
        IReadOnlyList<int> layers = LayerSelection.Resolve(data, config.NumHiddenLayers);
        IReadOnlyList<Device> devices = selection.Devices;
        ScalarType dtype = options.DType ?? DefaultDType(config, devices[0], console);
        string dtypeName = dtype.ToString().ToLowerInvariant();
        var settings = new ExtractionSettings(layers, data.TokenLoc, options.Storage, options.BatchSize, options.DisableCache,
            TokenBudget: selection.IsCpu ? BatchPlan.CpuTokenBudget : BatchPlan.DefaultTokenBudget);
        var extractor = new HiddenStateExtractor(HiddenStateCache.DefaultRoot(), devices, device =>
        {
            console.Error.WriteLine($"Loading {data.Model} ({config.ModelType}, {dtypeName}) on {Name(device)}");
            return ExtractionModel.Load(folder.Path, new ModelPlacement(device, dtype), data.UseEncoderStates);
        }, settings, console);
        return new ExtractionSession(data, folder, layers, dtypeName, options.Storage, extractor, console);
    }

    private static async Task<DeviceSelection> SelectOnceAsync(DeviceOptions wanted, CcsConsole console, CancellationToken cancellationToken)
    {
        if (SelectedForProcess.TryGetValue(wanted, out var earlier)) return earlier;
        var selector = new DeviceSelector(SystemGpuInventory.Instance, console);
        return SelectedForProcess[wanted] = await selector.SelectAsync(wanted, cancellationToken);
    }

    /// <summary><c>cpu</c>, or <c>cuda:N</c> as the original names a GPU.</summary>
    private static string Name(Device device) =>
        device.type == TorchSharp.DeviceType.CPU ? "cpu" : $"{device.type.ToString().ToLowerInvariant()}:{Math.Max(device.index, 0)}";

    /// <summary>Extracts (or finds in the cache) one split of one dataset.</summary>
    public async Task<(SplitOutcome Outcome, string Name)> ExtractAsync(string datasetArgument, SplitRole role, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(datasetArgument, out var source))
        {
            source = await ExampleSource.OpenAsync(datasetArgument, _data, HubSettings.FromEnvironment(), _console, cancellationToken);
            _sources[datasetArgument] = source;
        }
        var inputs = new ExtractionInputs(_folder, source.Spec, source.DataFiles, source.TemplatesSha256);
        string name = $"{source.Spec} {(role == SplitRole.Train ? "train" : "val")}";
        var job = new SplitJob(name, ExtractionCacheKey.Build(inputs, _data, role, _layers, _dtypeName, _storage),
            source.Examples(role), role == SplitRole.Train ? _data.MaxExamplesTrain : _data.MaxExamplesVal);
        return (await _extractor.ExtractAsync(job, cancellationToken), name);
    }

    /// <inheritdoc />
    public async Task<ExtractedSplit> LoadAsync(string dataset, SplitRole role, CancellationToken cancellationToken)
    {
        var (outcome, _) = await ExtractAsync(dataset, role, cancellationToken);
        return await ExtractedSplit.FromCacheAsync(dataset, role, role == SplitRole.Train ? "train" : "validation", outcome.Entry, cancellationToken);
    }

    public void Dispose() => _extractor.Dispose();

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
