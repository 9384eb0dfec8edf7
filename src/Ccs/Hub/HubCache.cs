namespace Ccs.Hub;

/// <summary>
/// The Hugging Face hub cache on disk, laid out exactly as huggingface_hub writes it (file_download.py,
/// <c>_hf_hub_download_to_cache_dir</c>), so that files downloaded by Python tools are used in place:
/// <code>
/// CACHE/models--ORG--NAME/refs/main                       the commit sha of branch main (no newline)
/// CACHE/models--ORG--NAME/refs/refs/convert/parquet       revisions containing '/' nest
/// CACHE/models--ORG--NAME/blobs/ETAG                      file contents, named by sha256 (LFS) or git sha1
/// CACHE/models--ORG--NAME/snapshots/SHA/PATH              relative symlink to ../../blobs/ETAG
/// CACHE/models--ORG--NAME/.no_exist/SHA/PATH              empty file: PATH does not exist at SHA
/// CACHE/.locks/models--ORG--NAME/ETAG.lock                download lock
/// </code>
/// </summary>
public sealed class HubCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RepoFolder(HubRepo repo) => Path.Combine(Root, repo.CacheFolderName);

    public string SnapshotFolder(HubRepo repo, string commit) => Path.Combine(RepoFolder(repo), "snapshots", CheckedRevision(commit));

    public string BlobPath(HubRepo repo, string etag) => Path.Combine(RepoFolder(repo), "blobs", CheckedSegment(etag, "etag"));

    public string LockPath(HubRepo repo, string etag) => Path.Combine(Root, ".locks", repo.CacheFolderName, CheckedSegment(etag, "etag") + ".lock");

    /// <summary>Where a file of a snapshot lives (file_download.py, <c>_get_pointer_path</c>).</summary>
    public string PointerPath(HubRepo repo, string commit, string filename) =>
        Path.Combine(SnapshotFolder(repo, commit), CheckedRelative(filename));

    /// <summary>
    /// The commit a revision names in the cache: a full commit hash is itself, a branch or tag is read from
    /// <c>refs/REVISION</c> (as <c>try_to_load_from_cache</c>); null when the cache does not know it.
    /// </summary>
    public string? ResolveCommit(HubRepo repo, string revision)
    {
        if (HubRepo.IsCommitHash(revision)) return revision;
        string refPath = Path.Combine(RepoFolder(repo), "refs", CheckedRevision(revision));
        if (!File.Exists(refPath)) return null;
        string commit = File.ReadAllText(refPath).Trim();
        return HubRepo.IsCommitHash(commit) ? commit : null;
    }

    /// <summary>
    /// Records that a branch or tag points at a commit, atomically (temp file + rename) and only when it changed
    /// (file_download.py, <c>_cache_commit_hash_for_specific_revision</c>).
    /// </summary>
    public void WriteRef(HubRepo repo, string revision, string commit)
    {
        if (revision == commit) return;
        string refPath = Path.Combine(RepoFolder(repo), "refs", CheckedRevision(revision));
        if (File.Exists(refPath) && File.ReadAllText(refPath) == commit) return;
        Directory.CreateDirectory(Path.GetDirectoryName(refPath)!);
        string temp = $"{refPath}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, commit);
        File.Move(temp, refPath, overwrite: true);
    }

    /// <summary>Whether the cache recorded that <paramref name="filename"/> does not exist at the commit.</summary>
    public bool IsKnownMissing(HubRepo repo, string commit, string filename) =>
        File.Exists(Path.Combine(RepoFolder(repo), ".no_exist", CheckedRevision(commit), CheckedRelative(filename)));

    /// <summary>Points snapshots/COMMIT/FILENAME at the blob with a relative symlink (<c>_create_symlink</c>).</summary>
    public string LinkSnapshotFile(HubRepo repo, string commit, string filename, string etag)
    {
        string pointer = PointerPath(repo, commit, filename);
        string blob = BlobPath(repo, etag);
        string folder = Path.GetDirectoryName(pointer)!;
        Directory.CreateDirectory(folder);
        if (new FileInfo(pointer).Exists) File.Delete(pointer);
        try
        {
            File.CreateSymbolicLink(pointer, Path.GetRelativePath(folder, blob));
        }
        catch (IOException)
        {
            // No symlinks on this file system: huggingface_hub then keeps a copy in the snapshot.
            File.Copy(blob, pointer, overwrite: true);
        }
        return pointer;
    }

    /// <summary>The commits cached for a repository, most recently written first.</summary>
    public IReadOnlyList<string> CachedCommits(HubRepo repo)
    {
        var snapshots = new DirectoryInfo(Path.Combine(RepoFolder(repo), "snapshots"));
        if (!snapshots.Exists) return [];
        return [.. snapshots.EnumerateDirectories()
            .Where(d => HubRepo.IsCommitHash(d.Name))
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => d.Name)];
    }

    /// <summary>The files present in a cached snapshot (paths with '/'), leaving out dangling links.</summary>
    public IReadOnlyList<string> SnapshotFiles(HubRepo repo, string commit)
    {
        string folder = SnapshotFolder(repo, commit);
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(IsPresent)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether a file is there with its content: .NET's File.Exists also holds for a dangling symlink.</summary>
    public static bool IsPresent(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return false;
        return info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
    }

    private static string CheckedRevision(string revision)
    {
        if (revision.Length == 0 || revision.Split('/').Any(part => part is "" or "." or ".."))
            throw new CcsException(ExitCode.BadInput, $"invalid revision '{revision}'");
        return revision;
    }

    private static string CheckedSegment(string value, string what)
    {
        if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal) || value is "." or "..")
            throw new CcsException(ExitCode.BadInput, $"invalid {what} '{value}' from the hub");
        return value;
    }

    private static string CheckedRelative(string filename)
    {
        if (filename.Length == 0 || filename.StartsWith('/') || filename.Split('/').Any(part => part is "" or "." or ".."))
            throw new CcsException(ExitCode.BadInput, $"invalid file name '{filename}' in a hub repository");
        return filename.Replace('/', Path.DirectorySeparatorChar);
    }
}
