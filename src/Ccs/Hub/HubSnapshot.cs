namespace Ccs.Hub;

/// <summary>
/// One revision of a hub repository, pinned to its commit. <paramref name="Files"/> lists every file of the
/// revision when the hub was asked (<paramref name="Online"/>), else only the files present in the cache.
/// </summary>
public sealed record HubSnapshot(HubRepo Repo, string Revision, string Commit, string Folder, IReadOnlyList<string> Files, bool Online)
{
    public bool Contains(string filename) => Files.Contains(filename, StringComparer.Ordinal);
}
