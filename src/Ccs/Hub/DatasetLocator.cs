namespace Ccs.Hub;

/// <summary>Where a dataset spec's data is: a local path or the cached files of a hub dataset.</summary>
public abstract record DatasetLocation(string Spec);

/// <summary>A local folder or file, passed on unchanged (reading it is the dataset reader's job).</summary>
public sealed record LocalDataset(string Spec, string Path, string? Config) : DatasetLocation(Spec);

/// <summary>A hub dataset's config with the local paths of each split's data files, in the hub cache.</summary>
/// <param name="Revision">The revision the files come from: the one asked for, or <c>refs/convert/parquet</c>.</param>
public sealed record HubDataset(string Spec, HubRepo Repo, string Config, string Revision, string Commit, IReadOnlyList<DatasetSplit> Splits)
    : DatasetLocation(Spec);

/// <summary>
/// Resolves dataset specs (<c>imdb</c>, <c>super_glue:boolq</c>, <c>org/name[:config]</c>; spec 3.1: split at the
/// first colon, an empty config is none) to data files. Hub datasets are read from the repository's own data
/// files when it has them for the config, else from the hub's parquet export (revision
/// <c>refs/convert/parquet</c>), as datasets' <c>load_dataset</c> does for script-based datasets.
/// </summary>
public static class DatasetLocator
{
    public const string ParquetExportRevision = "refs/convert/parquet";
    private const string CardFile = "README.md";

    public static async Task<DatasetLocation> LocateAsync(string spec, HubFiles hub, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(hub);
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? spec : spec[..colon];
        string? config = colon < 0 || colon == spec.Length - 1 ? null : spec[(colon + 1)..];

        if (File.Exists(spec) || Directory.Exists(spec)) return new LocalDataset(spec, Path.GetFullPath(spec), null);
        if (File.Exists(name) || Directory.Exists(name)) return new LocalDataset(spec, Path.GetFullPath(name), config);

        var (id, revision) = HubRepo.SplitRevision(name);
        if (!HubRepo.IsValidId(id) || revision.Length == 0)
            throw new CcsException(ExitCode.BadInput,
                $"dataset '{spec}' is neither an existing path nor a Hugging Face hub dataset (name, org/name, with an optional :config)");
        var repo = new HubRepo(RepoKind.Dataset, id);

        var found = await FindAsync(hub, repo, revision, config, withCard: true, cancellationToken)
            ?? await FindAsync(hub, repo, ParquetExportRevision, config, withCard: false, cancellationToken);
        if (found is null)
        {
            string which = config is null ? "" : $" for config '{config}'";
            throw new CcsException(ExitCode.BadInput,
                $"{repo.Describe()} has no data files{which} at revision '{revision}' nor in its parquet export ({ParquetExportRevision})" +
                (hub.Offline && hub.Cache.CachedCommits(repo).Count == 0 ? $" in the Hugging Face cache at {hub.Cache.RepoFolder(repo)}" : ""));
        }

        var (snapshot, files) = found.Value;
        var splits = new List<DatasetSplit>();
        foreach (var split in files.Splits)
        {
            var paths = new List<string>();
            foreach (string file in split.Files) paths.Add(await hub.GetFileAsync(snapshot, file, cancellationToken));
            splits.Add(new DatasetSplit(split.Name, paths));
        }
        return new HubDataset(spec, repo, files.Config, snapshot.Revision, snapshot.Commit, splits);
    }

    /// <summary>
    /// The snapshot of <paramref name="revision"/> and the config's files in it, or null when it has none. Offline,
    /// a revision missing from <c>refs/</c> is looked for in every cached snapshot (newest first), because the
    /// datasets library downloads by commit and so writes no ref.
    /// </summary>
    private static async Task<(HubSnapshot, DatasetConfigFiles)?> FindAsync(HubFiles hub, HubRepo repo, string revision, string? config,
        bool withCard, CancellationToken cancellationToken)
    {
        HubSnapshot? snapshot;
        try
        {
            snapshot = await hub.TryOpenAsync(repo, revision, cancellationToken);
        }
        catch (CcsException) when (revision == ParquetExportRevision)
        {
            return null; // no export branch on the hub
        }
        IEnumerable<HubSnapshot> candidates = snapshot is not null ? [snapshot]
            : hub.Cache.CachedCommits(repo).Select(commit => hub.Cached(repo, revision, commit));

        foreach (var candidate in candidates)
        {
            var card = withCard && candidate.Contains(CardFile)
                ? DatasetCard.ReadConfigs(await File.ReadAllTextAsync(await hub.GetFileAsync(candidate, CardFile, cancellationToken), cancellationToken), repo.Describe())
                : [];
            var files = DatasetLayout.Find(candidate.Files, card, config, repo.Describe());
            if (files is not null) return (candidate, files);
        }
        return null;
    }
}
