using Ccs.Caching;
using Ccs.Data;
using Ccs.Devices;
using Ccs.Hub;
using Ccs.Models;
using Ccs.Options;
using Ccs.Runs;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>Options of <c>ccs extract</c>: elicit's data options plus how the forward passes run and what is stored.</summary>
/// <param name="BatchSize">Sequences per forward pass; null = grouped by a token budget.</param>
/// <param name="DType">The model's float type; null = spec 4.1's rule (float32 on CPU, bf16 for fp32 weights on a GPU).</param>
/// <param name="Devices">Where the model runs (<c>--device</c>, <c>--num_gpus</c>, <c>--min_gpu_mem</c>); null = the original's choice.</param>
public sealed record ExtractVerbOptions(ExtractOptions Data, int? BatchSize, ScalarType? DType, HiddenStorage Storage, bool DisableCache,
    DeviceOptions? Devices = null);

/// <summary><c>ccs extract</c>: fills the hidden-state cache for the train and validation split of every dataset.</summary>
public static class ExtractRun
{
    public static async Task<int> RunAsync(ExtractVerbOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        using var session = await ExtractionSession.OpenAsync(options, console, cancellationToken);
        foreach (string datasetArgument in options.Data.Datasets)
        {
            foreach (SplitRole role in new[] { SplitRole.Train, SplitRole.Validation })
            {
                var (outcome, name) = await session.ExtractAsync(datasetArgument, role, cancellationToken);
                string how = outcome.FromCache ? "cached" : "extracted";
                console.Out.WriteLine($"{name}: {outcome.Entry.RowCount} examples ({how}) in {outcome.Entry.Directory}");
            }
        }
        return ExitCode.Success;
    }
}
