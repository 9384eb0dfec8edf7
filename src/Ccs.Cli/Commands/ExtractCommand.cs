using System.CommandLine;
using Ccs.Caching;
using Ccs.Cli.Parsing;
using Ccs.Extraction;
using Ccs.Models;

namespace Ccs.Cli.Commands;

/// <summary><c>ccs extract MODEL DATASET...</c>: fill the hidden-state cache for the train and validation splits.</summary>
internal sealed class ExtractCommand : Command
{
    private readonly Argument<string> _model = Flags.ModelArgument();
    private readonly Argument<string[]> _datasets = Flags.DatasetsArgument();
    private readonly ExtractOptionSet _data = new("--data.seed");
    private readonly Option<string> _batchSize = Flags.Value("--batch_size",
        "Sequences per forward pass, or auto: length-sorted batches of about 4096 tokens. Results do not depend on it", "auto", "N|auto");
    private readonly Option<string> _dtype = Flags.Value("--dtype",
        "The model's float type: float32, bfloat16 or float16; auto = float32 on the CPU (also with --device cpu on a GPU machine), " +
        "bf16 for fp32 weights on a GPU (spec 4.1)",
        "auto", "auto|float32|bfloat16|float16");
    private readonly Option<string> _storage = Flags.Choice("--storage",
        "How hidden states are cached: bfloat16 (half the size, cannot overflow) or float32 (exact)", "bfloat16", "bfloat16", "float32");
    private readonly Option<bool> _disableCache = Flags.Bool("--disable_cache",
        "Re-extract hidden states even when they are cached", false);
    private readonly DeviceOptionSet _devices = new();

    public ExtractCommand()
        : base("extract", "Extract the hidden states of contrast pairs into the cache (train and validation split), without fitting reporters.")
    {
        Add(_model);
        Add(_datasets);
        _data.AddTo(this);
        Add(_batchSize);
        Add(_dtype);
        Add(_storage);
        Add(_disableCache);
        foreach (Option option in _devices.Options) Add(option);
    }

    public ExtractVerbOptions Bind(ParseResult result, Action<string> warn)
    {
        var data = _data.Bind(result, result.GetValue(_model)!, result.GetValue(_datasets)!, warn);
        string batch = result.GetValue(_batchSize)!;
        int? batchSize = batch == "auto" ? null
            : int.TryParse(batch, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n
            : throw new UsageException($"--batch_size must be a positive integer or auto (got '{batch}')");
        string dtype = result.GetValue(_dtype)!;
        return new ExtractVerbOptions(
            data,
            batchSize,
            dtype == "auto" ? null : ModelPlacement.ParseDType(dtype),
            result.GetValue(_storage) == "float32" ? HiddenStorage.Float32 : HiddenStorage.BFloat16,
            result.GetValue(_disableCache),
            _devices.Bind(result));
    }
}
