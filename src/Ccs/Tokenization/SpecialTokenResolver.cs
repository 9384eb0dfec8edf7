namespace Ccs.Tokenization;

/// <summary>
/// The ids of the named special tokens: the names in tokenizer_config.json / special_tokens_map.json; for a name
/// the files do not give, the convention of the tokenizer's family when its token exists as a special added
/// token (a lone <c>&lt;|endoftext|&gt;</c> is bos, eos and unk, as transformers' GPT-2 and GPT-NeoX classes
/// default), and for unk the model's own unknown token.
/// </summary>
internal static class SpecialTokenResolver
{
    private static readonly Dictionary<string, string[]> Conventional = new()
    {
        ["bos_token"] = ["<s>", "<|begin_of_text|>"],
        ["eos_token"] = ["</s>", "<|end_of_text|>"],
        ["unk_token"] = ["<unk>", "[UNK]"],
        ["pad_token"] = ["<pad>", "[PAD]"],
        ["cls_token"] = ["[CLS]", "<s>"],
        ["sep_token"] = ["[SEP]", "</s>"],
        ["mask_token"] = ["[MASK]", "<mask>"],
    };

    public static SpecialTokens Resolve(TokenizerConfig config, TokenizerPipeline pipeline, bool sentencePiece)
    {
        var specials = pipeline.Added.Tokens.Where(t => t.Special).Select(t => t.Content).ToHashSet();
        bool configured = config.SpecialTokenNames.Count > 0;
        int? Id(string key)
        {
            if (config.Token(key) is { } name) return pipeline.TokenToId(name);
            if (configured && !sentencePiece) return null;
            if (specials.Count == 1 && specials.Contains("<|endoftext|>") && key is "bos_token" or "eos_token" or "unk_token")
                return pipeline.TokenToId("<|endoftext|>");
            foreach (string candidate in Conventional[key])
                if (specials.Contains(candidate) || (sentencePiece && pipeline.Model.TokenToId(candidate) is not null))
                    return pipeline.TokenToId(candidate);
            return null;
        }
        return new SpecialTokens(Id("bos_token"), Id("eos_token"), Id("unk_token"), Id("pad_token"), Id("cls_token"),
            Id("sep_token"), Id("mask_token"));
    }
}
