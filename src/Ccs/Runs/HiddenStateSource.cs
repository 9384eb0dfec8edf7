using Ccs.Caching;
using Ccs.Data;
using Ccs.Options;

namespace Ccs.Runs;

/// <summary>
/// One dataset's extracted split, complete: every kept example with its hidden states of every extracted layer.
/// </summary>
/// <param name="Dataset">The dataset spec as given on the command line.</param>
/// <param name="SplitName">The split's own name (<c>train</c>, <c>test</c>, <c>validation</c>, …).</param>
/// <param name="Fingerprint">The cache fingerprint of the split (written to <c>fingerprints.yaml</c>).</param>
public sealed record ExtractedSplit(
    string Dataset,
    SplitRole Role,
    string SplitName,
    string Fingerprint,
    SplitShape Shape,
    IReadOnlyList<ExtractedExample> Examples)
{
    /// <summary>A split read from a complete cache entry.</summary>
    public static async Task<ExtractedSplit> FromCacheAsync(string dataset, SplitRole role, string splitName, CacheEntry entry,
        CancellationToken cancellationToken = default)
    {
        if (!entry.IsComplete)
            throw new InvalidOperationException($"{dataset} {splitName}: the cache entry {entry.Fingerprint} is not complete");
        var rows = await entry.ReadAllAsync(cancellationToken);
        return new ExtractedSplit(dataset, role, splitName, entry.Fingerprint, entry.Shape, rows);
    }
}

/// <summary>
/// Where runs get hidden states from: for a dataset and a split role, the complete extracted split (extracting
/// and caching it first when needed). <c>elicit</c> asks for the train and validation split of every dataset,
/// <c>eval</c> for the validation split only, in dataset order.
/// </summary>
public interface IHiddenStateSource
{
    Task<ExtractedSplit> LoadAsync(string dataset, SplitRole role, CancellationToken cancellationToken);
}

/// <summary>
/// The source the command-line verbs use: the extraction engine (<see cref="Extraction.ExtractionSession"/>) with the
/// run's data options and devices, automatic batching, the dtype of spec 4.1 and bf16 storage (as <c>ccs extract</c>'s defaults,
/// so a cache filled by <c>ccs extract</c> is reused). The session opens on the first split asked for; a sweep
/// shares one source across all cells of a model (loaded at most once) and disposes it when the model is done.
/// </summary>
public static class HiddenStateSources
{
    /// <param name="console">Where the session reports (model loading, extraction progress); null = the process console.</param>
    public static IHiddenStateSource For(string verb, ExtractOptions data, RunOptions run, CcsConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(run);
        return new LazyExtractionSource(new Extraction.ExtractVerbOptions(data, null, null, HiddenStorage.BFloat16, run.DisableCache, run.Devices),
            console ?? CcsConsole.System(verbose: false));
    }

    private sealed class LazyExtractionSource(Extraction.ExtractVerbOptions options, CcsConsole console) : IHiddenStateSource, IDisposable
    {
        private Extraction.ExtractionSession? _session;

        public async Task<ExtractedSplit> LoadAsync(string dataset, SplitRole role, CancellationToken cancellationToken)
        {
            _session ??= await Extraction.ExtractionSession.OpenAsync(options, console, cancellationToken);
            return await _session.LoadAsync(dataset, role, cancellationToken);
        }

        public void Dispose() => _session?.Dispose();
    }
}
