using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Options;

namespace Ccs.Cli.Commands;

/// <summary>The run flags of elicit, eval and sweep (spec 2.5.3).</summary>
internal sealed class RunOptionSet
{
    public Option<string?> OutDir { get; } = Flags.Optional<string?>("--out_dir",
        "Output folder (default: elicit, a memorable name under $CCS_DIR or ~/ccs-reporters; eval, SOURCE/transfer/DATASETS). Its metric CSVs differ from the " +
        "original's where the original was wrong: 'none' accuracy thresholds log-odds at 0 (original 0.5), calibrated accuracy " +
        "thresholds at the 1 - mean(label) quantile (original mean(label)), AUROC counts tied scores as 1/2 (original: " +
        "arbitrary order); baselines_eval.csv adds random, difference-in-means and top-principal-component directions", "DIR");
    private readonly Option<int[]> _promptIndices = Flags.List<int>("--prompt_indices",
        "Positions (in the name-sorted template list) of the templates to train and evaluate on; negative counts from the end. " +
        "Applied to hidden states, LM log-odds, texts and variant ids alike (default: all)", "I");
    private readonly Option<bool> _saveLogprobs = Flags.Bool("--save_logprobs",
        "Also save the per-example validation log-probabilities of the reporter, LR and LM, with texts and template names, " +
        "as logprobs.safetensors + logprobs.json (the original pickled logprobs.pt)", false);
    private readonly Option<int> _concatenatedLayerOffset = Flags.Value("--concatenated_layer_offset",
        "Must be 0: values > 0 crashed the original and are rejected", 0);
    private readonly Option<bool> _debug = Flags.Bool("--debug",
        "Write debug.log with split sizes and the rendered prompts of the first example", false);
    private readonly DeviceOptionSet _devices = new();
    private readonly Option<bool> _disableCache = Flags.Bool("--disable_cache",
        "Re-extract hidden states even when they are cached", false);

    public void AddTo(Command command)
    {
        Option[] options =
        [
            OutDir, _promptIndices, _saveLogprobs, _concatenatedLayerOffset, _debug, .. _devices.Options, _disableCache,
        ];
        foreach (Option option in options)
            command.Add(option);
    }

    public RunOptions Bind(ParseResult result)
    {
        int offset = result.GetValue(_concatenatedLayerOffset);
        if (offset > 0)
            throw new UsageException(
                $"--concatenated_layer_offset {offset} is not supported (the original crashed on any value > 0); use 0");
        var devices = _devices.Bind(result);

        return new RunOptions(
            OutDir: result.GetValue(OutDir),
            PromptIndices: result.GetValue(_promptIndices)!.ToValueList(),
            SaveLogprobs: result.GetValue(_saveLogprobs),
            ConcatenatedLayerOffset: offset,
            Debug: result.GetValue(_debug),
            MinGpuMem: devices.MinGpuMem,
            NumGpus: devices.NumGpus,
            DisableCache: result.GetValue(_disableCache),
            Device: devices.Device);
    }
}
