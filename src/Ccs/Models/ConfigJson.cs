using System.Text.Json;

namespace Ccs.Models;

/// <summary>
/// A model's <c>config.json</c> with typed getters that fail with one line naming the file and key. A missing
/// key or an explicit <c>null</c> yields the default, as transformers' config classes do.
/// </summary>
public sealed class ConfigJson
{
    private readonly JsonElement _root;
    private readonly string _keyPrefix;

    private ConfigJson(string path, JsonElement root, string keyPrefix = "")
    {
        Path = path;
        _root = root;
        _keyPrefix = keyPrefix;
    }

    public string Path { get; }

    public static ConfigJson Read(string path)
    {
        if (!File.Exists(path))
            throw new CcsException(ExitCode.BadInput, $"{path}: not found (a Hugging Face model folder has a config.json)");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CcsException(ExitCode.BadInput, $"{path}: not a JSON object");
            return new ConfigJson(path, document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new CcsException(ExitCode.BadInput, $"{path}: not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    public bool Has(string key) => Value(key) is not null;

    /// <summary>Whether the key is present with an explicit <c>null</c> (which some configs distinguish from a missing key).</summary>
    public bool IsNull(string key) => _root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Null;

    public string? OptionalString(string key) => Value(key) is { } v
        ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw Wrong(key, "a string", v)
        : null;

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public int Int(string key, int fallback) => Value(key) is { } v
        ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Wrong(key, "an integer", v)
        : fallback;

    /// <summary>An integer that must be at least <paramref name="minimum"/>.</summary>
    public int Int(string key, int fallback, int minimum)
    {
        int value = Int(key, fallback);
        return value >= minimum ? value : throw Invalid(key, $"must be at least {minimum}, got {value}");
    }

    public double Double(string key, double fallback) => Value(key) is { } v
        ? v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Wrong(key, "a number", v)
        : fallback;

    public bool Bool(string key, bool fallback) => Value(key) is { } v
        ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Wrong(key, "true or false", v)
        : fallback;

    public IReadOnlyList<string>? OptionalStringList(string key) => Value(key) is { } v
        ? v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? v.EnumerateArray().Select(e => e.GetString()!).ToList()
            : throw Wrong(key, "a list of strings", v)
        : null;

    /// <summary>
    /// A nested object (e.g. <c>rope_scaling</c>) read with the same getters; its messages name the key as
    /// <c>outer.inner</c>. Null when the key is missing or null.
    /// </summary>
    public ConfigJson? Object(string key) => Value(key) is { } v
        ? v.ValueKind == JsonValueKind.Object ? new ConfigJson(Path, v, _keyPrefix + key + ".") : throw Wrong(key, "an object", v)
        : null;

    /// <summary>A key that is a string or a list of strings (some transformers configs accept both).</summary>
    public JsonValueKind Kind(string key) => Value(key)?.ValueKind ?? JsonValueKind.Undefined;

    public CcsException Invalid(string key, string problem) => new(ExitCode.BadInput, $"{Path}: '{_keyPrefix}{key}' {problem}");

    private JsonElement? Value(string key) =>
        _root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private CcsException Wrong(string key, string expected, JsonElement actual)
    {
        string text = actual.GetRawText();
        if (text.Length > 40) text = text[..40] + "…";
        return Invalid(key, $"must be {expected}, got {text}");
    }
}
