namespace Ccs.Tokenization;

/// <summary>
/// Greedy longest-match-first WordPiece (tokenizers <c>models/wordpiece/mod.rs</c>, BERT's
/// <c>WordpieceTokenizer</c>): continuation pieces carry the <c>##</c> prefix; a word with more than
/// <c>max_input_chars_per_word</c> characters, or with a remainder no piece matches, is one unknown token.
/// </summary>
internal sealed class WordPieceModel(Vocabulary vocab, string unkToken, string continuingSubwordPrefix,
    int maxInputCharsPerWord) : ITokenModel
{
    private readonly int _unkId = vocab.Id(unkToken)
        ?? throw new FormatException($"WordPiece unk_token '{unkToken}' is not in the vocabulary");

    public int VocabularySize => vocab.Count;

    public int? TokenToId(string token) => vocab.Id(token);

    public string? IdToToken(int id) => vocab.Token(id);

    public void Tokenize(string word, List<int> ids)
    {
        if (word.EnumerateRunes().Count() > maxInputCharsPerWord)
        {
            ids.Add(_unkId);
            return;
        }
        int before = ids.Count;
        for (int start = 0; start < word.Length;)
        {
            int? found = null;
            int end = word.Length;
            while (end > start)
            {
                string candidate = (start > 0 ? continuingSubwordPrefix : "") + word[start..end];
                if (vocab.TryGetId(candidate, out int id))
                {
                    found = id;
                    break;
                }
                end -= end - 1 > start && char.IsLowSurrogate(word[end - 1]) && char.IsHighSurrogate(word[end - 2]) ? 2 : 1;
            }
            if (found is not int piece)
            {
                ids.RemoveRange(before, ids.Count - before);
                ids.Add(_unkId);
                return;
            }
            ids.Add(piece);
            start = end;
        }
    }
}
