using System.Text.Json;

namespace Ccs.Tokenization;

/// <summary>Builds the pipeline of a Hugging Face <c>tokenizer.json</c> (tokenizers' serialization of <c>Tokenizer</c>).</summary>
internal static class TokenizerJsonReader
{
    public static TokenizerPipeline Read(JsonElement root)
    {
        var normalizer = TokenizerJsonComponents.Normalizer(Property(root, "normalizer"));
        var model = Model(root.GetProperty("model"));
        var added = root.TryGetProperty("added_tokens", out var list)
            ? list.EnumerateArray().Select(t => new AddedToken(t.GetProperty("id").GetInt32(), t.GetProperty("content").GetString()!,
                TokenizerJsonComponents.Bool(t, "special", false), TokenizerJsonComponents.Bool(t, "normalized", true),
                TokenizerJsonComponents.Bool(t, "lstrip", false), TokenizerJsonComponents.Bool(t, "rstrip", false),
                TokenizerJsonComponents.Bool(t, "single_word", false))).ToList()
            : [];
        return new TokenizerPipeline(new AddedVocabulary(added, normalizer), normalizer,
            TokenizerJsonComponents.PreTokenizer(Property(root, "pre_tokenizer")), model,
            TokenizerJsonComponents.PostProcessor(Property(root, "post_processor")),
            TokenizerJsonComponents.Decoder(Property(root, "decoder")));
    }

    /// <summary>The model; older files omit its <c>type</c>, which is then inferred from the fields present.</summary>
    private static ITokenModel Model(JsonElement e)
    {
        string type = TokenizerJsonComponents.String(e, "type") ?? (e.TryGetProperty("merges", out _) ? "BPE"
            : e.TryGetProperty("vocab", out var v) && v.ValueKind == JsonValueKind.Array ? "Unigram"
            : e.TryGetProperty("max_input_chars_per_word", out _) ? "WordPiece" : "(no type)");
        return type switch
        {
            "BPE" => new BpeModel(ObjectVocabulary(e), Merges(e.GetProperty("merges")), TokenizerJsonComponents.String(e, "unk_token"),
                TokenizerJsonComponents.String(e, "continuing_subword_prefix"), TokenizerJsonComponents.String(e, "end_of_word_suffix"),
                TokenizerJsonComponents.Bool(e, "fuse_unk", false), TokenizerJsonComponents.Bool(e, "byte_fallback", false),
                TokenizerJsonComponents.Bool(e, "ignore_merges", false)),
            "WordPiece" => new WordPieceModel(ObjectVocabulary(e), TokenizerJsonComponents.String(e, "unk_token") ?? "[UNK]",
                TokenizerJsonComponents.String(e, "continuing_subword_prefix") ?? "##",
                e.TryGetProperty("max_input_chars_per_word", out var max) ? max.GetInt32() : 100),
            "Unigram" => UnigramModelOf(e),
            _ => throw new FormatException($"model type '{type}' is not supported"),
        };
    }

    private static UnigramModel UnigramModelOf(JsonElement e)
    {
        if (TokenizerJsonComponents.Bool(e, "byte_fallback", false))
            throw new FormatException("Unigram with byte_fallback is not supported");
        var pieces = e.GetProperty("vocab").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetDouble())).ToList();
        int unk = e.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32()
            : throw new FormatException("Unigram model without unk_id is not supported");
        return new UnigramModel(pieces, unk, _ => true);
    }

    private static Vocabulary ObjectVocabulary(JsonElement e) =>
        new(e.GetProperty("vocab").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())));

    /// <summary>Merges as <c>"a b"</c> strings (older files) or <c>["a", "b"]</c> pairs.</summary>
    private static List<(string, string)> Merges(JsonElement merges) => merges.EnumerateArray().Select(m =>
    {
        if (m.ValueKind == JsonValueKind.Array) return (m[0].GetString()!, m[1].GetString()!);
        string s = m.GetString()!;
        int space = s.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) throw new FormatException($"merge '{s}' is not two tokens separated by a space");
        return (s[..space], s[(space + 1)..]);
    }).ToList();

    private static JsonElement Property(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v : default;
}
