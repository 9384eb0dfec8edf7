using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// Byte-pair encoding by merge rank (tokenizers <c>models/bpe/model.rs</c> and <c>word.rs</c> <c>merge_all</c>):
/// the word starts as characters (unknown ones become <c>&lt;0xNN&gt;</c> byte tokens with byte fallback, or the
/// unknown token, fused when <c>fuse_unk</c>), then the pair with the lowest merge rank (leftmost on ties) is
/// merged until none applies. With <c>ignore_merges</c> a word that is itself in the vocabulary is one token.
/// </summary>
internal sealed class BpeModel : ITokenModel
{
    private readonly Vocabulary _vocab;
    private readonly Dictionary<(int Left, int Right), (int Rank, int NewId)> _merges;
    private readonly int? _unkId;
    private readonly string _continuingPrefix;
    private readonly string _endOfWordSuffix;
    private readonly bool _fuseUnk;
    private readonly bool _byteFallback;
    private readonly bool _ignoreMerges;

    public BpeModel(Vocabulary vocab, IReadOnlyList<(string Left, string Right)> merges, string? unkToken,
        string? continuingSubwordPrefix, string? endOfWordSuffix, bool fuseUnk, bool byteFallback, bool ignoreMerges)
    {
        _vocab = vocab;
        _continuingPrefix = continuingSubwordPrefix ?? "";
        _endOfWordSuffix = endOfWordSuffix ?? "";
        _fuseUnk = fuseUnk;
        _byteFallback = byteFallback;
        _ignoreMerges = ignoreMerges;
        _unkId = unkToken is null ? null : vocab.Id(unkToken)
            ?? throw new FormatException($"BPE unk_token '{unkToken}' is not in the vocabulary");
        _merges = new Dictionary<(int, int), (int, int)>(merges.Count);
        int prefixLength = _continuingPrefix.Length;
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            int leftId = vocab.Id(left) ?? throw new FormatException($"BPE merge {rank} '{left} {right}': '{left}' is not in the vocabulary");
            int rightId = vocab.Id(right) ?? throw new FormatException($"BPE merge {rank} '{left} {right}': '{right}' is not in the vocabulary");
            string merged = left + right[(right.StartsWith(_continuingPrefix, StringComparison.Ordinal) ? prefixLength : 0)..];
            int newId = vocab.Id(merged) ?? throw new FormatException($"BPE merge {rank} '{left} {right}': '{merged}' is not in the vocabulary");
            _merges.TryAdd((leftId, rightId), (rank, newId));
        }
    }

    public int VocabularySize => _vocab.Count;

    public int? TokenToId(string token) => _vocab.Id(token);

    public string? IdToToken(int id) => _vocab.Token(id);

    public void Tokenize(string word, List<int> ids)
    {
        if (word.Length == 0) return;
        if (_ignoreMerges && _vocab.TryGetId(word, out int whole))
        {
            ids.Add(whole);
            return;
        }
        var symbols = InitialSymbols(word);
        MergeAll(symbols);
        foreach (var s in symbols)
            if (s.Length > 0) ids.Add(s.Id);
    }

    private List<Symbol> InitialSymbols(string word)
    {
        var symbols = new List<Symbol>(word.Length);
        bool previousWasUnk = false;
        for (int i = 0; i < word.Length;)
        {
            int length = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            string piece = word.Substring(i, length);
            bool first = i == 0, last = i + length == word.Length;
            i += length;
            string token = (first ? "" : _continuingPrefix) + piece + (last ? _endOfWordSuffix : "");
            if (_vocab.TryGetId(token, out int id))
            {
                symbols.Add(new Symbol(id, 1));
                previousWasUnk = false;
                continue;
            }
            if (_byteFallback && TryByteTokens(piece, symbols))
            {
                previousWasUnk = false;
                continue;
            }
            // Without an unk_token tokenizers drops the character silently.
            if (_unkId is not int unk) continue;
            if (_fuseUnk && previousWasUnk) symbols[^1] = symbols[^1] with { Length = symbols[^1].Length + 1 };
            else symbols.Add(new Symbol(unk, 1));
            previousWasUnk = true;
        }
        return symbols;
    }

    private bool TryByteTokens(string piece, List<Symbol> symbols)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(piece);
        var byteIds = new int[bytes.Length];
        for (int b = 0; b < bytes.Length; b++)
        {
            if (!_vocab.TryGetId($"<0x{bytes[b]:X2}>", out byteIds[b])) return false;
        }
        foreach (int id in byteIds) symbols.Add(new Symbol(id, 1));
        return true;
    }

    /// <summary>word.rs <c>merge_all</c>: a heap of (rank, position); stale entries are skipped.</summary>
    private void MergeAll(List<Symbol> symbols)
    {
        int n = symbols.Count;
        var prev = new int[n];
        var next = new int[n];
        for (int i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        var queue = new PriorityQueue<(int Pos, int NewId), (int Rank, int Pos)>();
        for (int i = 0; i + 1 < n; i++)
            if (_merges.TryGetValue((symbols[i].Id, symbols[i + 1].Id), out var m)) queue.Enqueue((i, m.NewId), (m.Rank, i));

        while (queue.TryDequeue(out var top, out _))
        {
            int pos = top.Pos;
            if (symbols[pos].Length == 0 || next[pos] == -1) continue;
            int right = next[pos];
            if (!_merges.TryGetValue((symbols[pos].Id, symbols[right].Id), out var current) || current.NewId != top.NewId)
                continue;

            symbols[pos] = new Symbol(top.NewId, symbols[pos].Length + symbols[right].Length);
            symbols[right] = symbols[right] with { Length = 0 };
            next[pos] = next[right];
            if (next[right] != -1) prev[next[right]] = pos;

            if (prev[pos] >= 0 && _merges.TryGetValue((symbols[prev[pos]].Id, symbols[pos].Id), out var before))
                queue.Enqueue((prev[pos], before.NewId), (before.Rank, prev[pos]));
            if (next[pos] != -1 && _merges.TryGetValue((symbols[pos].Id, symbols[next[pos]].Id), out var after))
                queue.Enqueue((pos, after.NewId), (after.Rank, pos));
        }
    }

    private readonly record struct Symbol(int Id, int Length);
}
