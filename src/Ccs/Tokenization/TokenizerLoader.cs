using System.Text.Json;

namespace Ccs.Tokenization;

/// <summary>
/// Loads the tokenizer of a model folder, preferring what transformers' <c>AutoTokenizer</c> prefers: the fast
/// pipeline of <c>tokenizer.json</c> (or <c>tokenizer.json.gz</c>); else <c>vocab.json</c> + <c>merges.txt</c>
/// (byte-level BPE) or <c>vocab.txt</c> (BERT WordPiece) converted as transformers converts them; else a
/// SentencePiece model: <c>tokenizer.model</c> (Llama/Mistral: BOS per <c>add_bos_token</c>), <c>spiece.model</c>
/// (T5: EOS appended) or <c>spm.model</c> (DeBERTa-v2: <c>[CLS] … [SEP]</c>). <c>tokenizer_config.json</c> and
/// <c>special_tokens_map.json</c> supply special tokens, <c>model_max_length</c> and <c>padding_side</c>.
/// </summary>
public static class TokenizerLoader
{
    private static readonly string[] SentencePieceFiles = ["tokenizer.model", "spiece.model", "spm.model"];

    public static Tokenizer FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new CcsException(ExitCode.BadInput, $"model folder {folder} does not exist");
        string At(string name) => Path.Combine(folder, name);
        foreach (string name in new[] { "tokenizer.json", "tokenizer.json.gz" })
            if (File.Exists(At(name))) return FromTokenizerJson(At(name));
        if (File.Exists(At("vocab.json")) && File.Exists(At("merges.txt"))) return FromByteLevelBpeFiles(At("vocab.json"), At("merges.txt"));
        if (File.Exists(At("vocab.txt"))) return FromWordPieceVocab(At("vocab.txt"));
        foreach (string name in SentencePieceFiles)
            if (File.Exists(At(name))) return FromSentencePieceModel(At(name));
        throw new CcsException(ExitCode.BadInput,
            $"model folder {folder} has no tokenizer files (tokenizer.json[.gz], vocab.json + merges.txt, vocab.txt, {string.Join(", ", SentencePieceFiles)})");
    }

    /// <summary>The fast pipeline of a tokenizer.json (gzipped when named <c>.gz</c>).</summary>
    public static Tokenizer FromTokenizerJson(string path, string? configPath = null) => Build(path, configPath, config =>
    {
        using var doc = TokenizerFiles.ParseJson(path);
        var pipeline = TokenizerJsonReader.Read(doc.RootElement);
        // transformers' LlamaTokenizerFast.update_post_processor rebuilds the template from add_bos/eos_token.
        if (config.TokenizerClass is { } cls && cls.StartsWith("Llama", StringComparison.Ordinal)
            && (config.AddBosToken is not null || config.AddEosToken is not null))
            pipeline = pipeline with { Template = BosEosTemplate(config, pipeline.TokenToId, addBosByDefault: true) };
        return (pipeline, $"tokenizer.json pipeline of {path}");
    });

    public static Tokenizer FromSentencePieceModel(string path, string? configPath = null) => Build(path, configPath, config =>
    {
        SentencePieceModelFile model;
        try
        {
            model = SentencePieceModelFile.Read(TokenizerFiles.ReadBytes(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"not a SentencePiece model: {e.Message}", e);
        }
        int? Piece(int id) => SentencePiecePipelines.PieceName(model, id) is null ? null : id;
        SpecialTokenTemplate template = Path.GetFileName(path) switch
        {
            "spiece.model" => new SpecialTokenTemplate([], Piece(model.EosId) is int eos ? [eos] : []),
            "spm.model" => new SpecialTokenTemplate([PieceId(model, config.Token("cls_token") ?? "[CLS]")], [PieceId(model, config.Token("sep_token") ?? "[SEP]")]),
            _ => new SpecialTokenTemplate(config.AddBosToken ?? true ? [model.BosId] : [], config.AddEosToken ?? false ? [model.EosId] : []),
        };
        string kind = model.IsBpe ? "BPE" : "Unigram";
        return (SentencePiecePipelines.Build(model, template), $"SentencePiece {kind} pipeline of {path}");
    }, sentencePieceDefaults: path);

    public static Tokenizer FromWordPieceVocab(string vocabPath, string? configPath = null) =>
        Build(vocabPath, configPath, config => (VocabFilePipelines.Bert(vocabPath, config), $"WordPiece pipeline of {vocabPath}"));

    public static Tokenizer FromByteLevelBpeFiles(string vocabPath, string mergesPath, string? configPath = null) =>
        Build(vocabPath, configPath, config =>
        {
            bool roberta = config.TokenizerClass is { } cls
                ? cls.StartsWith("Roberta", StringComparison.Ordinal) || cls.StartsWith("Bart", StringComparison.Ordinal)
                    || cls.StartsWith("Longformer", StringComparison.Ordinal)
                : HasRobertaTokens(vocabPath);
            return (VocabFilePipelines.ByteLevelBpe(vocabPath, mergesPath, roberta), $"byte-level BPE pipeline of {vocabPath} + {mergesPath}");
        });

    private static Tokenizer Build(string path, string? configPath,
        Func<TokenizerConfig, (TokenizerPipeline Pipeline, string Description)> build, string? sentencePieceDefaults = null)
    {
        if (!File.Exists(path)) throw new CcsException(ExitCode.BadInput, $"tokenizer file {path} does not exist");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            var config = TokenizerConfig.Read(folder, configPath);
            var (pipeline, description) = build(config);
            var special = SpecialTokenResolver.Resolve(config, pipeline, sentencePieceDefaults is not null);
            long maxLength = config.ModelMaxLength is double m && m < long.MaxValue ? (long)m : long.MaxValue;
            var side = config.PaddingSide == "left" ? PaddingSide.Left : PaddingSide.Right;
            return new Tokenizer(pipeline, description, special, maxLength, side, config.CleanUpTokenizationSpaces ?? false);
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidOperationException
                                      or JsonException or IndexOutOfRangeException or IOException)
        {
            throw new CcsException(ExitCode.BadInput, $"{path}: cannot build the tokenizer: {e.Message}", e);
        }
    }

    private static SpecialTokenTemplate BosEosTemplate(TokenizerConfig config, Func<string, int?> id, bool addBosByDefault)
    {
        int? Named(string key) => config.Token(key) is { } name ? id(name) : null;
        return new SpecialTokenTemplate(
            (config.AddBosToken ?? addBosByDefault) && Named("bos_token") is int bos ? [bos] : [],
            (config.AddEosToken ?? false) && Named("eos_token") is int eos ? [eos] : []);
    }

    private static int PieceId(SentencePieceModelFile model, string piece)
    {
        for (int id = 0; id < model.Pieces.Count; id++)
            if (model.Pieces[id].Piece == piece) return id;
        throw new FormatException($"special token '{piece}' is not a piece of the model");
    }

    private static bool HasRobertaTokens(string vocabPath)
    {
        using var json = TokenizerFiles.ParseJson(vocabPath);
        return json.RootElement.TryGetProperty("<s>", out _) && json.RootElement.TryGetProperty("</s>", out _)
            && json.RootElement.TryGetProperty("<mask>", out _);
    }
}
