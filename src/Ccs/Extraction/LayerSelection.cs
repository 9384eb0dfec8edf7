using Ccs.Options;

namespace Ccs.Extraction;

/// <summary>Which hidden states are kept (spec 4.2): index 0 is the embedding output, index L the last block.</summary>
public static class LayerSelection
{
    /// <summary>
    /// Default: every index 0..L. <c>--layers</c>: those indices, ascending, each once. <c>--layer_stride s &gt; 1</c>:
    /// 0 followed by <c>range(1, L, s)</c> (the original's <c>Extract.__post_init__</c>, which never reaches L).
    /// </summary>
    public static IReadOnlyList<int> Resolve(IReadOnlyList<int> layers, int layerStride, int numHiddenLayers, string model)
    {
        if (layers.Count > 0 && layerStride > 1)
            throw new UsageException("Cannot use both --layers and --layer_stride. Please use only one.");
        if (layers.Count > 0)
        {
            int? tooDeep = layers.Where(l => l > numHiddenLayers).Cast<int?>().FirstOrDefault();
            if (tooDeep is int bad)
                throw new CcsException(ExitCode.BadInput,
                    $"--layers {bad}: {model} has {numHiddenLayers} layers, so layer indices go from 0 (embeddings) to {numHiddenLayers}");
            if (layers.Any(l => l < 0))
                throw new CcsException(ExitCode.BadInput, $"--layers must be non-negative (got {string.Join(" ", layers)})");
            return [.. layers.Distinct().Order()];
        }
        if (layerStride > 1)
        {
            var strided = new List<int> { 0 };
            for (int layer = 1; layer < numHiddenLayers; layer += layerStride) strided.Add(layer);
            return strided;
        }
        return [.. Enumerable.Range(0, numHiddenLayers + 1)];
    }

    public static IReadOnlyList<int> Resolve(ExtractOptions options, int numHiddenLayers) =>
        Resolve(options.Layers, options.LayerStride, numHiddenLayers, options.Model);
}
