using System.Text;
using Ccs.Hub;

namespace Ccs.Tests.Hub;

/// <summary>
/// Lays out a cache folder the way huggingface_hub writes it (independently of the code under test): blobs named
/// by sha256 (LFS) or git blob id, relative snapshot symlinks to ../../blobs, refs files without a newline.
/// </summary>
internal static class FakeCache
{
    public static string AddSnapshot(string cacheDir, HubRepo repo, string commit, IReadOnlyDictionary<string, byte[]> files, params string[] refs)
    {
        string repoFolder = Path.Combine(cacheDir, repo.CacheFolderName);
        foreach (var (name, content) in files)
        {
            string etag = FakeHubServer.IsLfs(name) ? FakeHubServer.Sha256(content) : FakeHubServer.GitBlobId(content);
            string blob = Path.Combine(repoFolder, "blobs", etag);
            Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
            File.WriteAllBytes(blob, content);
            string pointer = Path.Combine(repoFolder, "snapshots", commit, name);
            Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
            // e.g. snapshots/SHA/plain_text/train-00000-of-00001.parquet -> ../../../blobs/ETAG
            string up = string.Concat(Enumerable.Repeat("../", name.Count(c => c == '/') + 2));
            File.CreateSymbolicLink(pointer, up + "blobs/" + etag);
        }
        Directory.CreateDirectory(Path.Combine(repoFolder, "snapshots", commit));
        foreach (string revision in refs)
        {
            string refPath = Path.Combine(repoFolder, "refs", revision);
            Directory.CreateDirectory(Path.GetDirectoryName(refPath)!);
            File.WriteAllText(refPath, commit);
        }
        return Path.Combine(repoFolder, "snapshots", commit);
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
