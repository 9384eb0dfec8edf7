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
/// The source the command-line verbs use: the extraction engine for the given options. Until it is connected here,
/// <paramref name="verb"/> reports its pipeline as not implemented (exit code 4).
/// </summary>
public static class HiddenStateSources
{
    public static IHiddenStateSource For(string verb, ExtractOptions data, RunOptions run)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(run);
        throw new CcsException(ExitCode.NotImplemented, $"the {verb} pipeline is not implemented yet");
    }
}
