using Ccs.Hub;

namespace Ccs.Tests.Hub;

/// <summary>A throw-away HF_HUB_CACHE folder and hub clients pointed at it; deleted on dispose.</summary>
internal sealed class HubTestFolder : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ccs-hub-");

    public string CacheDir => Path.Combine(_root.FullName, "hub");

    public List<string> Warnings { get; } = [];

    public StringWriter Progress { get; } = new();

    public HubSettings Settings(string endpoint, bool offline = false, string? token = null, TimeSpan? readTimeout = null) =>
        new(CacheDir, endpoint, offline, token, RequestTimeout: TimeSpan.FromSeconds(5), ReadTimeout: readTimeout ?? TimeSpan.FromSeconds(5));

    public HubFiles Files(string endpoint, bool offline = false, string? token = null, TimeSpan? readTimeout = null) =>
        new(Settings(endpoint, offline, token, readTimeout), new DownloadProgress(Progress), Warnings.Add);

    public HubFiles Offline() => Files(HubSettings.DefaultEndpoint, offline: true);

    public string RepoFolder(HubRepo repo) => Path.Combine(CacheDir, repo.CacheFolderName);

    public void Dispose() => _root.Delete(recursive: true);
}
