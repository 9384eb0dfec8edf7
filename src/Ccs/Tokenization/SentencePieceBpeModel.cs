using System.Text;

namespace Ccs.Tokenization;

/// <summary>
/// SentencePiece's own BPE segmentation (sentencepiece <c>bpe_model.cc</c> <c>Model::SampleEncode</c> without
/// sampling): the text starts as characters (user-defined pieces kept whole), then the adjacent pair whose
/// concatenation is a piece with the HIGHEST score (leftmost on ties) is merged until none is left. A symbol that
/// is not a piece becomes its UTF-8 byte pieces with byte fallback, else the unknown id (runs of unknowns fused,
/// as <c>SentencePieceProcessor</c> does). Hugging Face's converted tokenizer.json uses merge ranks instead
/// (<see cref="BpeModel"/>); both agree on the reference inputs.
/// </summary>
internal sealed class SentencePieceBpeModel : ITokenModel
{
    private readonly SentencePieceModelFile _model;
    private readonly Dictionary<string, int> _pieces = new(StringComparer.Ordinal);   // normal, user-defined, unused
    private readonly Vocabulary _all;
    private readonly List<string> _userDefined;

    public SentencePieceBpeModel(SentencePieceModelFile model)
    {
        _model = model;
        for (int id = 0; id < model.Pieces.Count; id++)
        {
            var p = model.Pieces[id];
            if (p.Type is SentencePieceType.Normal or SentencePieceType.UserDefined or SentencePieceType.Unused)
                _pieces.TryAdd(p.Piece, id);
        }
        _all = model.Vocabulary();
        _userDefined = model.Pieces.Where(p => p.Type == SentencePieceType.UserDefined).Select(p => p.Piece)
            .OrderByDescending(p => p.Length).ToList();
    }

    public int VocabularySize => _all.Count;

    public int? TokenToId(string token) => _all.Id(token);

    public string? IdToToken(int id) => _all.Token(id);

    public void Tokenize(string word, List<int> ids)
    {
        var symbols = InitialSymbols(word);
        int n = symbols.Count;
        var prev = new int[n];
        var next = new int[n];
        for (int i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Highest score first, then the leftmost pair (bpe_model.cc SymbolPairComparator).
        var agenda = new PriorityQueue<(int Left, int Right, int Length), (float NegScore, int Left)>();
        void MaybeAdd(int left, int right)
        {
            if (left == -1 || right == -1 || symbols[left].Frozen || symbols[right].Frozen) return;
            string merged = symbols[left].Text + symbols[right].Text;
            if (!_pieces.TryGetValue(merged, out int id)) return;
            agenda.Enqueue((left, right, merged.Length), (-_model.Pieces[id].Score, left));
        }
        for (int i = 1; i < n; i++) MaybeAdd(i - 1, i);

        while (agenda.TryDequeue(out var top, out _))
        {
            var (left, right) = (symbols[top.Left], symbols[top.Right]);
            if (left.Text.Length == 0 || right.Text.Length == 0 || left.Text.Length + right.Text.Length != top.Length)
                continue;
            symbols[top.Left] = left with { Text = left.Text + right.Text };
            next[top.Left] = next[top.Right];
            if (next[top.Right] >= 0) prev[next[top.Right]] = top.Left;
            symbols[top.Right] = right with { Text = "" };
            MaybeAdd(prev[top.Left], top.Left);
            MaybeAdd(top.Left, next[top.Left]);
        }

        bool previousUnknown = false;
        for (int i = 0; i < n; i++)
        {
            string text = symbols[i].Text;
            if (text.Length == 0) continue;
            if (_pieces.TryGetValue(text, out int id))
            {
                ids.Add(id);
                previousUnknown = false;
            }
            else if (_model.ByteFallback)
            {
                foreach (byte b in Encoding.UTF8.GetBytes(text))
                    ids.Add(_all.Id($"<0x{b:X2}>") ?? throw new FormatException($"byte piece <0x{b:X2}> missing"));
                previousUnknown = false;
            }
            else
            {
                if (!previousUnknown) ids.Add(_model.UnkId);
                previousUnknown = true;
            }
        }
    }

    private List<Symbol> InitialSymbols(string text)
    {
        var symbols = new List<Symbol>(text.Length);
        for (int i = 0; i < text.Length;)
        {
            string? user = _userDefined.FirstOrDefault(u => string.CompareOrdinal(text, i, u, 0, u.Length) == 0);
            int length = user?.Length
                ?? (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1);
            symbols.Add(new Symbol(text.Substring(i, length), user is not null));
            i += length;
        }
        return symbols;
    }

    private readonly record struct Symbol(string Text, bool Frozen);
}
