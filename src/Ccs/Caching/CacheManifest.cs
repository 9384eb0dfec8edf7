using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccs.Caching;

/// <summary>The shape every example of one cached split shares.</summary>
/// <param name="Layers">Layer indices, ascending.</param>
/// <param name="Variants">v, the number of templates.</param>
/// <param name="Choices">k, the number of choices.</param>
/// <param name="HiddenSize">d.</param>
/// <param name="HasLmLogOdds">Whether the model has an LM head (spec 4.1) and the rows carry lm_log_odds.</param>
public sealed record SplitShape(IReadOnlyList<int> Layers, int Variants, int Choices, int HiddenSize, bool HasLmLogOdds);

/// <summary>One finished part file: its rows and how far into the deterministic example stream it reached.</summary>
public sealed record CachePart(string File, int Rows, long StreamEnd);

/// <summary><c>manifest.json</c> of a cache entry: what it holds and how far extraction got.</summary>
internal sealed record CacheManifest(
    int Format,
    IReadOnlyDictionary<string, string> Key,
    HiddenStorage Storage,
    SplitShape Shape,
    IReadOnlyList<CachePart> Parts,
    bool Complete)
{
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static CacheManifest? TryRead(string path)
    {
        if (!System.IO.File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<CacheManifest>(System.IO.File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null; // an unreadable manifest means an unusable entry: it is rebuilt
        }
    }
}
