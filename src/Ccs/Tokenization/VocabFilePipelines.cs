namespace Ccs.Tokenization;

/// <summary>
/// Pipelines for model folders without tokenizer.json, built as transformers' slow-to-fast converters
/// (<c>convert_slow_tokenizer.py</c> <c>BertConverter</c>, <c>GPT2Converter</c>, <c>RobertaConverter</c>) build them.
/// </summary>
internal static class VocabFilePipelines
{
    /// <summary>BERT WordPiece from <c>vocab.txt</c> (one token per line, id = line number).</summary>
    public static TokenizerPipeline Bert(string vocabPath, TokenizerConfig config)
    {
        var lines = File.ReadAllText(vocabPath).Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var vocab = new Vocabulary(lines.Take(count).Select((token, id) => new KeyValuePair<string, int>(token, id)));
        bool lowercase = config.DoLowerCase ?? true;
        var normalizer = new BertNormalizer(true, config.TokenizeChineseChars ?? true, config.StripAccents ?? lowercase, lowercase);
        string Name(string key, string fallback) => config.Token(key) ?? fallback;
        var specials = new[] { Name("pad_token", "[PAD]"), Name("unk_token", "[UNK]"), Name("cls_token", "[CLS]"), Name("sep_token", "[SEP]"), Name("mask_token", "[MASK]") };
        int Id(string token) => vocab.Id(token) ?? throw new FormatException($"special token '{token}' is not in the vocabulary");
        var added = specials.Where(t => vocab.Id(t) is not null)
            .Select(t => new AddedToken(Id(t), t, true, false, false, false, false)).ToList();
        return new TokenizerPipeline(new AddedVocabulary(added, normalizer), normalizer, new BertPreTokenizer(),
            new WordPieceModel(vocab, Name("unk_token", "[UNK]"), "##", 100),
            new SpecialTokenTemplate([Id(Name("cls_token", "[CLS]"))], [Id(Name("sep_token", "[SEP]"))]),
            new WordPieceDecoder("##", true));
    }

    /// <summary>
    /// Byte-level BPE from <c>vocab.json</c> + <c>merges.txt</c>: GPT-2 style (nothing added), or RoBERTa style
    /// (<c>&lt;s&gt; … &lt;/s&gt;</c>, <c>&lt;mask&gt;</c> swallowing the space before it).
    /// </summary>
    public static TokenizerPipeline ByteLevelBpe(string vocabPath, string mergesPath, bool roberta)
    {
        using var json = TokenizerFiles.ParseJson(vocabPath);
        var vocab = new Vocabulary(json.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())));
        var merges = File.ReadLines(mergesPath)
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            .Select(line =>
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space < 0) throw new FormatException($"merges line '{line}' is not two tokens separated by a space");
                return (line[..space], line[(space + 1)..]);
            }).ToList();
        int Id(string token) => vocab.Id(token) ?? throw new FormatException($"special token '{token}' is not in the vocabulary");
        string[] specials = roberta ? ["<s>", "<pad>", "</s>", "<unk>", "<mask>"] : ["<|endoftext|>"];
        var added = specials.Where(t => vocab.Id(t) is not null)
            .Select(t => new AddedToken(Id(t), t, true, false, t == "<mask>", false, false)).ToList();
        var template = roberta ? new SpecialTokenTemplate([Id("<s>")], [Id("</s>")]) : SpecialTokenTemplate.None;
        return new TokenizerPipeline(new AddedVocabulary(added, null), null, new ByteLevelPreTokenizer(false, true),
            new BpeModel(vocab, merges, null, null, null, false, false, false), template, new ByteLevelDecoder());
    }
}
