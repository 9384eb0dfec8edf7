namespace Ccs.Models.Decoding;

/// <summary>
/// The rows of <see cref="CausalLanguageModel.RunPacked"/>: row q is question q followed by each of its answers,
/// right-padded to <see cref="Width"/>, with the position ids and the attention pattern that make every answer
/// continue its question as if it were the only one.
/// </summary>
/// <param name="Ids">(rows, width) token ids; 0 in padding.</param>
/// <param name="Positions">(rows, width): question tokens 0..Q−1, each answer's Q..Q+A−1; 0 in padding.</param>
/// <param name="Blocked">(rows, width, width): true where query i may NOT attend to key j. Padding queries see nothing
/// (the finite mask minimum keeps their softmax finite; their states are never read).</param>
/// <param name="AnswerStarts">[q][c]: the array index where answer c of question q begins.</param>
internal sealed record PackedLayout(int Width, long[] Ids, long[] Positions, bool[] Blocked, int[][] AnswerStarts,
    IReadOnlyList<long[]> Questions, IReadOnlyList<IReadOnlyList<long[]>> Answers)
{
    /// <param name="slidingWindow">Mistral's window: a key is also hidden when its position is window or more before the query's.</param>
    public static PackedLayout Of(IReadOnlyList<long[]> questions, IReadOnlyList<IReadOnlyList<long[]>> answers, int? slidingWindow)
    {
        int rows = questions.Count;
        int width = questions.Select((q, i) => q.Length + answers[i].Sum(a => a.Length)).Max();
        var ids = new long[rows * width];
        var positions = new long[rows * width];
        var blocked = new bool[(long)rows * width * width];
        Array.Fill(blocked, true);
        var starts = new int[rows][];
        var segment = new int[width];
        for (int r = 0; r < rows; r++)
        {
            long[] question = questions[r];
            Array.Fill(segment, -1);
            int offset = r * width;
            for (int t = 0; t < question.Length; t++)
            {
                ids[offset + t] = question[t];
                positions[offset + t] = t;
                segment[t] = 0;
            }
            starts[r] = new int[answers[r].Count];
            int next = question.Length;
            for (int c = 0; c < answers[r].Count; c++)
            {
                long[] answer = answers[r][c];
                starts[r][c] = next;
                for (int t = 0; t < answer.Length; t++)
                {
                    ids[offset + next + t] = answer[t];
                    positions[offset + next + t] = question.Length + t;
                    segment[next + t] = c + 1;
                }
                next += answer.Length;
            }
            // Query i sees key j ≤ i of the question or of its own answer (modeling_llama.py's causal mask per sequence).
            for (int i = 0; i < next; i++)
            {
                long rowStart = ((long)r * width + i) * width;
                for (int j = 0; j <= i; j++)
                {
                    bool sameSequence = segment[j] == 0 || segment[j] == segment[i];
                    bool inWindow = slidingWindow is not int window || positions[offset + i] - positions[offset + j] < window;
                    blocked[rowStart + j] = !(sameSequence && inWindow);
                }
            }
        }
        return new PackedLayout(width, ids, positions, blocked, starts, questions, answers);
    }

    /// <summary>
    /// What the LM head scores: the distinct flat (row · width + index) positions that predict answer tokens (each
    /// answer's first token by its question's last position, shared by all its answers; later tokens by the one
    /// before), for each answer token the index of its predicting position in that list and the token, and the
    /// answer lengths, question-major.
    /// </summary>
    public (long[] Predicting, long[] RowOfTarget, long[] Targets, int[] Lengths) Targets()
    {
        var predicting = new List<long>();
        var rowOf = new Dictionary<long, long>();
        var rowOfTarget = new List<long>();
        var targets = new List<long>();
        var lengths = new List<int>();
        for (int r = 0; r < Questions.Count; r++)
        {
            for (int c = 0; c < Answers[r].Count; c++)
            {
                long[] answer = Answers[r][c];
                lengths.Add(answer.Length);
                for (int t = 0; t < answer.Length; t++)
                {
                    long flat = (long)r * Width + (t == 0 ? Questions[r].Length - 1 : AnswerStarts[r][c] + t - 1);
                    if (!rowOf.TryGetValue(flat, out long row))
                    {
                        rowOf[flat] = row = predicting.Count;
                        predicting.Add(flat);
                    }
                    rowOfTarget.Add(row);
                    targets.Add(answer[t]);
                }
            }
        }
        return ([.. predicting], [.. rowOfTarget], [.. targets], [.. lengths]);
    }
}
