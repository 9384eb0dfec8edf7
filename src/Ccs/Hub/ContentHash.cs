using System.Security.Cryptography;
using System.Text;

namespace Ccs.Hub;

/// <summary>
/// Checks a download against the hub's etag: LFS files are named by their sha256 (64 hex digits), files kept in
/// git by their git blob id, sha1 over <c>"blob SIZE\0"</c> followed by the content (40 hex digits). Other
/// etags cannot be checked; only the size is then.
/// </summary>
internal sealed class ContentHash : IDisposable
{
    private readonly string _etag;
    private readonly long _size;
    private IncrementalHash _hash;

    private ContentHash(string etag, long size)
    {
        _etag = etag.ToLowerInvariant();
        _size = size;
        _hash = Fresh();
    }

    /// <summary>A hasher for the etag, or null when the etag is neither a sha256 nor a git sha1.</summary>
    public static ContentHash? For(string etag, long size) =>
        etag.Length is 64 or 40 && etag.All(Uri.IsHexDigit) ? new ContentHash(etag, size) : null;

    public string Algorithm => _etag.Length == 64 ? "sha256" : "git sha1";

    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    /// <summary>Forgets everything appended, when a download restarts from byte 0.</summary>
    public void Restart()
    {
        _hash.Dispose();
        _hash = Fresh();
    }

    /// <summary>The digest of what was appended, in lowercase hex; compare with the etag.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public bool Matches(string digest) => digest == _etag;

    private IncrementalHash Fresh()
    {
        if (_etag.Length == 64) return IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"blob {_size}\0"));
        return sha1;
    }

    public void Dispose() => _hash.Dispose();
}
