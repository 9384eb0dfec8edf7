namespace Ccs.Tokenization;

/// <summary>
/// The stages of one tokenizer (tokenizers <c>TokenizerImpl</c>): added-token extraction with normalization,
/// pre-tokenization, the model, the post-processor's special tokens and the decoder.
/// </summary>
internal sealed record TokenizerPipeline(
    AddedVocabulary Added,
    INormalizer? Normalizer,
    IPreTokenizer? PreTokenizer,
    ITokenModel Model,
    SpecialTokenTemplate Template,
    ITokenDecoder? Decoder)
{
    /// <summary>The ids of <paramref name="text"/> without the post-processor's special tokens.</summary>
    public List<int> EncodeWithoutSpecialTokens(string text)
    {
        var ids = new List<int>();
        var words = new List<TextPiece>();
        foreach (var segment in Added.Extract(text, Normalizer))
        {
            if (segment.AddedTokenId is int added)
            {
                ids.Add(added);
                continue;
            }
            words.Clear();
            if (PreTokenizer is null) words.Add(segment.Text);
            else PreTokenizer.PreTokenize(segment.Text, words);
            foreach (var word in words) Model.Tokenize(word.Text, ids);
        }
        return ids;
    }

    public int? TokenToId(string token) =>
        Added.Tokens.FirstOrDefault(t => t.Content == token)?.Id ?? Model.TokenToId(token);

    public string? IdToToken(int id) => Added.Tokens.FirstOrDefault(t => t.Id == id)?.Content ?? Model.IdToToken(id);

    public bool IsSpecial(int id) => Added.Tokens.Any(t => t.Id == id && t.Special);
}
