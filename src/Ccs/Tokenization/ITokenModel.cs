namespace Ccs.Tokenization;

/// <summary>The model stage: turns one pre-tokenized word into ids (tokenizers' <c>Model</c> trait).</summary>
internal interface ITokenModel
{
    void Tokenize(string word, List<int> ids);

    int? TokenToId(string token);

    string? IdToToken(int id);

    int VocabularySize { get; }
}

/// <summary>A vocabulary in both directions.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<int, string> _tokens;

    public Vocabulary(IEnumerable<KeyValuePair<string, int>> entries)
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        _tokens = [];
        foreach (var (token, id) in entries)
        {
            _ids[token] = id;
            _tokens[id] = token;
        }
    }

    public int Count => _ids.Count;

    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    public int? Id(string token) => _ids.TryGetValue(token, out int id) ? id : null;

    public string? Token(int id) => _tokens.GetValueOrDefault(id);
}
