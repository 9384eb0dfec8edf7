namespace Ccs.Tokenization;

/// <summary>
/// A Hugging Face tokenizer as the rest of ccs uses it: the fast (tokenizer.json) pipeline when the model folder
/// has one, else the pipeline built from the older vocabulary files or the SentencePiece model
/// (<see cref="TokenizerLoader"/>). Ids are those of transformers' <c>tokenizer(text).input_ids</c>.
/// </summary>
public sealed class Tokenizer
{
    private readonly TokenizerPipeline _pipeline;

    internal Tokenizer(TokenizerPipeline pipeline, string description, SpecialTokens special, long modelMaxLength,
        PaddingSide paddingSide, bool cleanUpTokenizationSpaces)
    {
        _pipeline = pipeline;
        Description = description;
        Special = special;
        ModelMaxLength = modelMaxLength;
        PaddingSide = paddingSide;
        CleanUpTokenizationSpaces = cleanUpTokenizationSpaces;
    }

    /// <summary>Which files and algorithm this tokenizer was built from (for messages and logs).</summary>
    public string Description { get; }

    public SpecialTokens Special { get; }

    /// <summary>transformers' <c>model_max_length</c>; <see cref="long.MaxValue"/> when the files set no usable limit.</summary>
    public long ModelMaxLength { get; }

    public PaddingSide PaddingSide { get; }

    public bool CleanUpTokenizationSpaces { get; }

    /// <summary>The added tokens (special or not) matched in the text before the model.</summary>
    public IReadOnlyList<AddedToken> AddedTokens => _pipeline.Added.Tokens;

    /// <summary>The special tokens the post-processor adds around one sequence.</summary>
    public SpecialTokenTemplate SpecialTokenTemplate => _pipeline.Template;

    public int VocabularySize => Math.Max(_pipeline.Model.VocabularySize,
        _pipeline.Added.Tokens.Count == 0 ? 0 : _pipeline.Added.Tokens.Max(t => t.Id) + 1);

    /// <summary>
    /// transformers' <c>tokenizer(text, add_special_tokens=...).input_ids</c>. With <paramref name="maxLength"/> the
    /// text's ids are cut on the right so that, special tokens included, at most that many remain (truncation=True).
    /// </summary>
    public int[] Encode(string text, bool addSpecialTokens = true, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = _pipeline.EncodeWithoutSpecialTokens(text);
        int added = addSpecialTokens ? _pipeline.Template.Count : 0;
        if (maxLength is int max && ids.Count + added > max) ids.RemoveRange(Math.Max(0, max - added), ids.Count - Math.Max(0, max - added));
        return addSpecialTokens ? _pipeline.Template.Apply(ids) : [.. ids];
    }

    /// <summary>
    /// transformers' <c>decode</c>: token strings through the decoder, optionally without special tokens;
    /// <paramref name="cleanUpTokenizationSpaces"/> overrides the config's setting.
    /// </summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        var tokens = new List<string>(ids.Count);
        foreach (int id in ids)
        {
            if (skipSpecialTokens && _pipeline.IsSpecial(id)) continue;
            tokens.Add(_pipeline.IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is not in the vocabulary"));
        }
        string text = _pipeline.Decoder is null ? string.Join(' ', tokens) : string.Concat(_pipeline.Decoder.DecodeChain(tokens));
        return cleanUpTokenizationSpaces ?? CleanUpTokenizationSpaces ? TokenizerText.CleanUpTokenizationSpaces(text) : text;
    }

    public int? TokenToId(string token) => _pipeline.TokenToId(token);

    public string? IdToToken(int id) => _pipeline.IdToToken(id);

    /// <summary>
    /// The ids appended after the question for one answer choice (spec 4.3): <c>" " + answer</c> without special
    /// tokens; when its first token decodes to white space only (SentencePiece splitting off the space), the bare
    /// answer's ids, which must equal the remaining ones; if they do not, the remaining ones with a warning (10.B4).
    /// </summary>
    public AnswerEncoding EncodeAnswer(string answer)
    {
        int[] spaced = Encode(" " + answer, addSpecialTokens: false);
        if (spaced.Length == 0 || Decode([spaced[0]]).Trim().Length != 0) return new AnswerEncoding(spaced, null);
        int[] bare = Encode(answer, addSpecialTokens: false);
        int[] tail = spaced[1..];
        return bare.AsSpan().SequenceEqual(tail)
            ? new AnswerEncoding(bare, null)
            : new AnswerEncoding(tail, $"answer '{answer}' tokenizes differently without its leading space ([{string.Join(", ", bare)}] vs [{string.Join(", ", tail)}]); using the latter");
    }

    /// <summary>Pads to the longest sequence with the pad token on <see cref="PaddingSide"/> (transformers <c>padding=True</c>).</summary>
    public PaddedBatch Pad(IReadOnlyList<int[]> sequences)
    {
        int padId = Special.Pad ?? throw new CcsException(ExitCode.BadInput,
            $"tokenizer ({Description}) has no padding token, so sequences of different lengths cannot be batched");
        int length = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        var ids = new int[sequences.Count][];
        var mask = new int[sequences.Count][];
        for (int i = 0; i < sequences.Count; i++)
        {
            int pad = length - sequences[i].Length;
            int[] padding = Enumerable.Repeat(padId, pad).ToArray();
            int[] ones = Enumerable.Repeat(1, sequences[i].Length).ToArray();
            int[] zeros = new int[pad];
            bool right = PaddingSide == PaddingSide.Right;
            ids[i] = right ? [.. sequences[i], .. padding] : [.. padding, .. sequences[i]];
            mask[i] = right ? [.. ones, .. zeros] : [.. zeros, .. ones];
        }
        return new PaddedBatch(ids, mask);
    }
}
