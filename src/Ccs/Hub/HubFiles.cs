namespace Ccs.Hub;

/// <summary>
/// Files of hub repositories through the local cache: what is cached is used in place, what is missing is
/// downloaded into the cache (huggingface_hub's <c>hf_hub_download</c> to the cache dir). With
/// <c>HF_HUB_OFFLINE=1</c>, or when the hub cannot be reached, only the cache is used.
/// </summary>
public sealed class HubFiles : IDisposable
{
    private readonly HubSettings _settings;
    private readonly HubHttp? _http;
    private readonly BlobDownloader? _downloader;
    private readonly Action<string> _warn;

    /// <param name="warn">Receives one-line notes, e.g. that the hub was unreachable and the cache is used.</param>
    public HubFiles(HubSettings settings, DownloadProgress progress, Action<string> warn, HttpMessageHandler? handler = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _warn = warn ?? throw new ArgumentNullException(nameof(warn));
        Cache = new HubCache(settings.CacheDir);
        if (!settings.Offline)
        {
            _http = new HubHttp(settings, handler);
            _downloader = new BlobDownloader(_http, progress);
        }
    }

    /// <summary>Hub access configured by the environment, progress on a terminal's stderr.</summary>
    public static HubFiles FromEnvironment(Action<string> warn) => new(HubSettings.FromEnvironment(), DownloadProgress.ForConsole(), warn);

    public HubCache Cache { get; }

    /// <summary>Whether HF_HUB_OFFLINE forbids the network.</summary>
    public bool Offline => _settings.Offline;

    /// <summary>
    /// Pins <paramref name="revision"/> to a commit: asks the hub when online (and falls back to the cache when it
    /// cannot be reached), else reads <c>refs/</c>. Returns null when neither knows the revision.
    /// </summary>
    public async Task<HubSnapshot?> TryOpenAsync(HubRepo repo, string revision, CancellationToken cancellationToken)
    {
        if (_http is not null)
        {
            try
            {
                RepoRevision remote = await _http.GetRevisionAsync(repo, revision, cancellationToken);
                return new HubSnapshot(repo, revision, remote.Commit, Cache.SnapshotFolder(repo, remote.Commit), remote.Files, Online: true);
            }
            catch (HubUnreachableException e)
            {
                _warn($"{e.Message}; using the Hugging Face cache at {Cache.Root}");
            }
            catch (HubHttpException e) when (!e.IsDefinite && Cache.ResolveCommit(repo, revision) is not null)
            {
                // As hf_hub_download: an unauthorized, gated or failing hub does not stop the use of a cached copy.
                _warn($"{e.Message}; using the copy in the Hugging Face cache at {Cache.Root}");
            }
        }
        string? commit = Cache.ResolveCommit(repo, revision);
        return commit is null ? null : Cached(repo, revision, commit);
    }

    /// <summary>Like <see cref="TryOpenAsync"/>, failing with a clear message when the revision is unknown.</summary>
    public async Task<HubSnapshot> OpenAsync(HubRepo repo, string revision, CancellationToken cancellationToken) =>
        await TryOpenAsync(repo, revision, cancellationToken) ?? throw NotCached(repo, revision, Cache.RepoFolder(repo));

    /// <summary>A cached commit as a snapshot of the files present in the cache.</summary>
    public HubSnapshot Cached(HubRepo repo, string revision, string commit) =>
        new(repo, revision, commit, Cache.SnapshotFolder(repo, commit), Cache.SnapshotFiles(repo, commit), Online: false);

    /// <summary>The local path of a file of the snapshot, downloading it into the cache when it is not there.</summary>
    public async Task<string> GetFileAsync(HubSnapshot snapshot, string filename, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        HubRepo repo = snapshot.Repo;
        string pointer = Cache.PointerPath(repo, snapshot.Commit, filename);
        if (HubCache.IsPresent(pointer)) return pointer;
        if (!snapshot.Online || _http is null || _downloader is null)
            throw NotCached(repo, snapshot.Revision, pointer, filename);
        if (!snapshot.Contains(filename) || Cache.IsKnownMissing(repo, snapshot.Commit, filename))
            throw new CcsException(ExitCode.BadInput, $"file '{filename}' does not exist in {repo.Describe()} at revision '{snapshot.Revision}'");

        HubFileMetadata metadata = await HeadAsync(repo, snapshot, filename, cancellationToken);
        if (metadata.Commit != snapshot.Commit)
            throw new CcsException(ExitCode.BadInput,
                $"{_settings.Endpoint} reported commit {metadata.Commit} for '{filename}' of {repo.Describe()} but the revision is {snapshot.Commit}");
        string blob = Cache.BlobPath(repo, metadata.Etag);
        if (!File.Exists(blob))
            await _downloader.DownloadAsync(repo, filename, metadata, blob, Cache.LockPath(repo, metadata.Etag), cancellationToken);
        Cache.WriteRef(repo, snapshot.Revision, snapshot.Commit);
        return Cache.LinkSnapshotFile(repo, snapshot.Commit, filename, metadata.Etag);
    }

    private async Task<HubFileMetadata> HeadAsync(HubRepo repo, HubSnapshot snapshot, string filename, CancellationToken cancellationToken)
    {
        try
        {
            return await _http!.HeadFileAsync(repo, snapshot.Commit, filename, cancellationToken);
        }
        catch (HubUnreachableException e)
        {
            throw new CcsException(ExitCode.BadInput,
                $"{e.Message} while fetching '{filename}' of {repo.Describe()}, which is not in the Hugging Face cache ({Cache.PointerPath(repo, snapshot.Commit, filename)})", e);
        }
    }

    private CcsException NotCached(HubRepo repo, string revision, string expectedAt, string? filename = null)
    {
        string what = filename is null ? $"{repo.Describe()} (revision '{revision}')" : $"file '{filename}' of {repo.Describe()} (revision '{revision}')";
        string why = _settings.Offline ? "HF_HUB_OFFLINE=1 forbids downloading it" : $"{_settings.Endpoint} could not be reached";
        return new CcsException(ExitCode.BadInput, $"{what} is not in the Hugging Face cache (looked for {expectedAt}) and {why}");
    }

    public void Dispose() => _http?.Dispose();
}
