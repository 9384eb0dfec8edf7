using System.Reflection;
using System.Text.Json;

namespace Ccs.Runs;

/// <summary>
/// Docker-style folder names such as <c>goofy-goodall</c> (spec 9.2), drawn from the original's own word lists
/// (108 adjectives, 237 surnames) with a non-deterministic RNG, redrawn until unused.
/// </summary>
public static class MemorableNames
{
    public static IReadOnlyList<string> Adjectives { get; } = Load("adjectives");
    public static IReadOnlyList<string> Surnames { get; } = Load("names");

    /// <summary>Creates and returns a new memorably named folder inside <paramref name="parent"/>.</summary>
    public static string CreateDirectory(string parent, Random? random = null)
    {
        random ??= Random.Shared;
        Directory.CreateDirectory(parent);
        for (int attempt = 0; attempt < 100_000; attempt++)
        {
            string name = $"{Adjectives[random.Next(Adjectives.Count)]}-{Surnames[random.Next(Surnames.Count)]}";
            string path = Path.Combine(parent, name);
            if (Directory.Exists(path) || File.Exists(path)) continue;
            Directory.CreateDirectory(path);
            return path;
        }
        throw new CcsException(ExitCode.BadInput, $"{parent}: no unused memorable name left; pass --out_dir");
    }

    private static string[] Load(string list)
    {
        using Stream stream = typeof(MemorableNames).Assembly.GetManifestResourceStream($"Ccs.Runs.{list}.json")
                              ?? throw new InvalidOperationException($"missing embedded word list {list}.json");
        return JsonSerializer.Deserialize<string[]>(stream) ?? [];
    }
}
