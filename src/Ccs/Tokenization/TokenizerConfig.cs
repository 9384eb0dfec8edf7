using System.Text.Json;

namespace Ccs.Tokenization;

/// <summary>
/// The settings transformers reads from <c>tokenizer_config.json</c>, with named special tokens completed from
/// <c>special_tokens_map.json</c>. Every field is optional; a token may be a string or an AddedToken object.
/// </summary>
internal sealed record TokenizerConfig(
    IReadOnlyDictionary<string, string> SpecialTokenNames,
    double? ModelMaxLength,
    string? PaddingSide,
    bool? CleanUpTokenizationSpaces,
    bool? AddBosToken,
    bool? AddEosToken,
    string? TokenizerClass,
    bool? DoLowerCase,
    bool? StripAccents,
    bool? TokenizeChineseChars)
{
    public static readonly string[] SpecialTokenKeys =
        ["bos_token", "eos_token", "unk_token", "pad_token", "cls_token", "sep_token", "mask_token"];

    public static TokenizerConfig Empty { get; } =
        new(new Dictionary<string, string>(), null, null, null, null, null, null, null, null, null);

    public string? Token(string key) => SpecialTokenNames.GetValueOrDefault(key);

    /// <summary>Reads the config files beside a tokenizer; <paramref name="configPath"/> overrides the config's name.</summary>
    public static TokenizerConfig Read(string folder, string? configPath = null)
    {
        configPath ??= Path.Combine(folder, "tokenizer_config.json");
        string mapPath = Path.Combine(folder, "special_tokens_map.json");
        using var config = File.Exists(configPath) ? TokenizerFiles.ParseJson(configPath) : null;
        using var map = File.Exists(mapPath) ? TokenizerFiles.ParseJson(mapPath) : null;
        var names = new Dictionary<string, string>();
        foreach (string key in SpecialTokenKeys)
        {
            string? value = TokenName(config?.RootElement, key) ?? TokenName(map?.RootElement, key);
            if (value is not null) names[key] = value;
        }
        if (config is null) return Empty with { SpecialTokenNames = names };
        var root = config.RootElement;
        return new TokenizerConfig(names,
            root.TryGetProperty("model_max_length", out var max) && max.ValueKind == JsonValueKind.Number ? max.GetDouble() : null,
            String(root, "padding_side"), Bool(root, "clean_up_tokenization_spaces"), Bool(root, "add_bos_token"),
            Bool(root, "add_eos_token"), String(root, "tokenizer_class"), Bool(root, "do_lower_case"),
            Bool(root, "strip_accents"), Bool(root, "tokenize_chinese_chars"));
    }

    private static string? TokenName(JsonElement? root, string key)
    {
        if (root is not { ValueKind: JsonValueKind.Object } r || !r.TryGetProperty(key, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object when v.TryGetProperty("content", out var c) => c.GetString(),
            _ => null,
        };
    }

    private static string? String(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? Bool(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
