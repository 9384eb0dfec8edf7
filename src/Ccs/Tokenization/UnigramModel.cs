using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// Unigram language-model segmentation (tokenizers <c>models/unigram/model.rs</c> <c>encode_optimized</c>, a port
/// of SentencePiece's <c>unigram_model.cc</c> <c>EncodeOptimized</c>): Viterbi over the UTF-8 bytes, every
/// vocabulary piece that is a prefix at a character boundary is a candidate; a character no piece starts with
/// costs <c>min_score - 10</c> as the unknown token; consecutive unknowns are fused into one.
/// </summary>
internal sealed class UnigramModel : ITokenModel
{
    private const double UnknownPenalty = 10.0;

    private readonly Vocabulary _vocab;
    private readonly double[] _scores;
    private readonly ByteTrie _trie = new();
    private readonly int _unkId;
    private readonly double _unkScore;

    /// <param name="pieces">id-ordered pieces and their log-probabilities.</param>
    /// <param name="matchable">which ids the segmentation may use (all for tokenizers; normal pieces for SentencePiece).</param>
    public UnigramModel(IReadOnlyList<(string Piece, double Score)> pieces, int unkId, Func<int, bool> matchable)
    {
        _vocab = new Vocabulary(pieces.Select((p, id) => new KeyValuePair<string, int>(p.Piece, id)));
        _scores = pieces.Select(p => p.Score).ToArray();
        _unkId = unkId;
        double min = double.MaxValue;
        for (int id = 0; id < pieces.Count; id++)
        {
            min = Math.Min(min, _scores[id]);
            if (matchable(id) && pieces[id].Piece.Length > 0) _trie.Add(Encoding.UTF8.GetBytes(pieces[id].Piece), id);
        }
        _unkScore = min - UnknownPenalty;
    }

    public int VocabularySize => _vocab.Count;

    public int? TokenToId(string token) => _vocab.Id(token);

    public string? IdToToken(int id) => _vocab.Token(id);

    public void Tokenize(string word, List<int> ids)
    {
        byte[] text = Encoding.UTF8.GetBytes(word);
        int size = text.Length;
        var bestScore = new double[size + 1];
        var startsAt = new int[size + 1];
        var bestId = new int[size + 1];
        Array.Fill(startsAt, -1);

        for (int start = 0; start < size;)
        {
            double scoreHere = bestScore[start];
            int charLength = Utf8Length(text[start]);
            bool hasSingleCharPiece = false;
            foreach (var (length, id) in _trie.PrefixMatches(text, start))
            {
                int end = start + length;
                double candidate = _scores[id] + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end])
                {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    bestId[end] = id;
                }
                if (length == charLength) hasSingleCharPiece = true;
            }
            if (!hasSingleCharPiece)
            {
                int end = Math.Min(start + charLength, size);
                double candidate = _unkScore + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end])
                {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    bestId[end] = _unkId;
                }
            }
            start += charLength;
        }

        var reversed = new List<int>();
        for (int end = size; end > 0; end = startsAt[end])
        {
            int id = bestId[end];
            if (id == _unkId && reversed.Count > 0 && reversed[^1] == _unkId) continue;   // fuse_unk
            reversed.Add(id);
        }
        for (int i = reversed.Count - 1; i >= 0; i--) ids.Add(reversed[i]);
    }

    private static int Utf8Length(byte lead) => lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/// <summary>A byte trie for common-prefix search over vocabulary pieces.</summary>
internal sealed class ByteTrie
{
    private readonly Node _root = new();

    public void Add(byte[] key, int value)
    {
        var node = _root;
        foreach (byte b in key)
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(b, out var child)) node.Children[b] = child = new Node();
            node = child;
        }
        node.Value ??= value;
    }

    /// <summary>(length, value) of every key that is a prefix of <paramref name="text"/> from <paramref name="start"/>, shortest first.</summary>
    public IEnumerable<(int Length, int Value)> PrefixMatches(byte[] text, int start)
    {
        var node = _root;
        for (int i = start; i < text.Length; i++)
        {
            if (node.Children is null || !node.Children.TryGetValue(text[i], out node)) yield break;
            if (node.Value is int value) yield return (i - start + 1, value);
        }
    }

    private sealed class Node
    {
        public Dictionary<byte, Node>? Children;
        public int? Value;
    }
}
