using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ccs.Caching;

/// <summary>
/// Everything that changes the extracted numbers, and nothing else (not the device, not the batch size):
/// the cache fingerprint is a hash of it. Callers put in model identity (id, revision/commit, weights size and
/// mtime or hash), dataset identity, template hashes, seeds, max_examples, layers, token_loc, dtype, storage and
/// the tool's extraction version.
/// </summary>
public sealed class CacheKey
{
    private readonly SortedDictionary<string, string> _fields = new(StringComparer.Ordinal);

    public CacheKey(IEnumerable<KeyValuePair<string, string>> fields)
    {
        foreach (var (name, value) in fields)
        {
            if (!_fields.TryAdd(name, value)) throw new ArgumentException($"cache key field '{name}' given twice");
        }
    }

    public IReadOnlyDictionary<string, string> Fields => _fields;

    /// <summary>16 hex digits of the SHA-256 of the fields as canonical (ordinally sorted) JSON.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())))[..16];

    public string ToJson() => JsonSerializer.Serialize(_fields);
}
