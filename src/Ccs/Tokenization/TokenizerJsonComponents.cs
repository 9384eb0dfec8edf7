using System.Text;
using System.Text.Json;

namespace Ccs.Tokenization;

/// <summary>
/// Builds normalizers, pre-tokenizers, decoders and post-processors from their tokenizer.json serialization
/// (the serde forms of tokenizers' <c>normalizers/</c>, <c>pre_tokenizers/</c>, <c>decoders/</c>, <c>processors/</c>).
/// An unknown type is an error naming it, never silently ignored.
/// </summary>
internal static class TokenizerJsonComponents
{
    public static INormalizer? Normalizer(JsonElement e) => IsNull(e) ? null : Type(e) switch
    {
        "Sequence" => new SequenceNormalizer(e.GetProperty("normalizers").EnumerateArray().Select(n => Normalizer(n)!).ToList()),
        "NFC" => new UnicodeFormNormalizer(NormalizationForm.FormC),
        "NFD" => new UnicodeFormNormalizer(NormalizationForm.FormD),
        "NFKC" => new UnicodeFormNormalizer(NormalizationForm.FormKC),
        "NFKD" => new UnicodeFormNormalizer(NormalizationForm.FormKD),
        "Lowercase" => new LowercaseNormalizer(),
        "Prepend" => new PrependNormalizer(e.GetProperty("prepend").GetString()!),
        "Replace" => Replace(e),
        "Strip" => new StripNormalizer(Bool(e, "strip_left", true), Bool(e, "strip_right", true)),
        "StripAccents" => new StripAccentsNormalizer(),
        "BertNormalizer" => new BertNormalizer(Bool(e, "clean_text", true), Bool(e, "handle_chinese_chars", true),
            e.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? s.GetBoolean() : Bool(e, "lowercase", true),
            Bool(e, "lowercase", true)),
        "Precompiled" => e.TryGetProperty("precompiled_charsmap", out var map) && map.ValueKind == JsonValueKind.String
            ? new PrecompiledNormalizer(new PrecompiledCharsMap(Convert.FromBase64String(map.GetString()!)))
            : null,
        var other => throw Unsupported("normalizer", other),
    };

    public static IPreTokenizer? PreTokenizer(JsonElement e) => IsNull(e) ? null : Type(e) switch
    {
        "Sequence" => new SequencePreTokenizer(e.GetProperty("pretokenizers").EnumerateArray().Select(p => PreTokenizer(p)!).ToList()),
        "ByteLevel" => new ByteLevelPreTokenizer(Bool(e, "add_prefix_space", true), Bool(e, "use_regex", true)),
        "Split" => Split(e),
        "WhitespaceSplit" => new WhitespaceSplitPreTokenizer(),
        "Whitespace" => new SplitPreTokenizer(new CodePointRegex(@"\w+|[^\w\s]+"), null, SplitDelimiter.Removed, invert: true),
        "BertPreTokenizer" => new BertPreTokenizer(),
        "Metaspace" => new MetaspacePreTokenizer(Replacement(e), PrependSchemeOf(e), Bool(e, "split", true)),
        var other => throw Unsupported("pre-tokenizer", other),
    };

    public static ITokenDecoder? Decoder(JsonElement e) => IsNull(e) ? null : Type(e) switch
    {
        "Sequence" => new SequenceDecoder(e.GetProperty("decoders").EnumerateArray().Select(d => Decoder(d)!).ToList()),
        "ByteLevel" => new ByteLevelDecoder(),
        "WordPiece" => new WordPieceDecoder(String(e, "prefix") ?? "##", Bool(e, "cleanup", true)),
        "Metaspace" => new MetaspaceDecoder(Replacement(e), PrependSchemeOf(e) != PrependScheme.Never),
        "Replace" => new ReplaceDecoder(e.GetProperty("pattern").GetProperty("String").GetString()!, e.GetProperty("content").GetString()!),
        "ByteFallback" => new ByteFallbackDecoder(),
        "Fuse" => new FuseDecoder(),
        "Strip" => new StripDecoder(e.GetProperty("content").GetString()![0], e.GetProperty("start").GetInt32(), e.GetProperty("stop").GetInt32()),
        var other => throw Unsupported("decoder", other),
    };

    /// <summary>The special tokens a post-processor adds around a single sequence.</summary>
    public static SpecialTokenTemplate PostProcessor(JsonElement e) => IsNull(e) ? SpecialTokenTemplate.None : Type(e) switch
    {
        "ByteLevel" => SpecialTokenTemplate.None,
        "TemplateProcessing" => Template(e),
        "BertProcessing" or "RobertaProcessing" => new SpecialTokenTemplate(
            [e.GetProperty("cls")[1].GetInt32()], [e.GetProperty("sep")[1].GetInt32()]),
        "Sequence" => e.GetProperty("processors").EnumerateArray().Select(PostProcessor)
            .Aggregate(SpecialTokenTemplate.None, (acc, t) => new SpecialTokenTemplate([.. t.Prefix, .. acc.Prefix], [.. acc.Suffix, .. t.Suffix])),
        var other => throw Unsupported("post-processor", other),
    };

    private static SpecialTokenTemplate Template(JsonElement e)
    {
        var specials = e.GetProperty("special_tokens");
        var prefix = new List<int>();
        var suffix = new List<int>();
        bool seenSequence = false;
        foreach (var piece in e.GetProperty("single").EnumerateArray())
        {
            if (piece.TryGetProperty("Sequence", out _))
            {
                seenSequence = true;
                continue;
            }
            string name = piece.GetProperty("SpecialToken").GetProperty("id").GetString()!;
            var ids = specials.GetProperty(name).GetProperty("ids").EnumerateArray().Select(i => i.GetInt32());
            (seenSequence ? suffix : prefix).AddRange(ids);
        }
        return new SpecialTokenTemplate(prefix, suffix);
    }

    private static ReplaceNormalizer Replace(JsonElement e)
    {
        var pattern = e.GetProperty("pattern");
        string content = e.GetProperty("content").GetString()!;
        return pattern.TryGetProperty("String", out var literal)
            ? new ReplaceNormalizer(literal.GetString()!, null, content)
            : new ReplaceNormalizer(null, new CodePointRegex(pattern.GetProperty("Regex").GetString()!), content);
    }

    private static SplitPreTokenizer Split(JsonElement e)
    {
        var pattern = e.GetProperty("pattern");
        var behavior = Enum.Parse<SplitDelimiter>(e.GetProperty("behavior").GetString()!);
        bool invert = Bool(e, "invert", false);
        return pattern.TryGetProperty("String", out var literal)
            ? new SplitPreTokenizer(null, literal.GetString()!, behavior, invert)
            : new SplitPreTokenizer(new CodePointRegex(pattern.GetProperty("Regex").GetString()!), null, behavior, invert);
    }

    private static char Replacement(JsonElement e) => (String(e, "replacement") ?? "\u2581")[0];

    /// <summary>metaspace.rs: <c>prepend_scheme</c>, or the older <c>add_prefix_space</c> (true = always).</summary>
    private static PrependScheme PrependSchemeOf(JsonElement e) => String(e, "prepend_scheme") switch
    {
        "first" => PrependScheme.First,
        "never" => PrependScheme.Never,
        "always" => PrependScheme.Always,
        _ => Bool(e, "add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never,
    };

    internal static bool IsNull(JsonElement e) => e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    private static string Type(JsonElement e) => String(e, "type") ?? "(no type)";

    internal static string? String(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static bool Bool(JsonElement e, string key, bool fallback) =>
        e.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    private static FormatException Unsupported(string stage, string type) =>
        new($"{stage} type '{type}' is not supported");
}
