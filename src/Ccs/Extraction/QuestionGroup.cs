namespace Ccs.Extraction;

/// <summary>The choices of a part that share one question (the same ids array, as <see cref="PromptTokenizer"/> hands it out).</summary>
/// <param name="Choices">Indices into the part's choice list, in order.</param>
internal sealed record QuestionGroup(int[] Question, int[] Choices)
{
    /// <summary>
    /// Groups by question in order of first appearance. Identity, not content, decides: the tokenizer reuses the
    /// array for every choice of a variant whose question text is the same.
    /// </summary>
    public static List<QuestionGroup> Of(IReadOnlyList<ChoiceTokens> choices)
    {
        var byQuestion = new Dictionary<int[], List<int>>(ReferenceEqualityComparer.Instance);
        var order = new List<int[]>();
        for (int i = 0; i < choices.Count; i++)
        {
            if (!byQuestion.TryGetValue(choices[i].Question, out var members))
            {
                byQuestion[choices[i].Question] = members = [];
                order.Add(choices[i].Question);
            }
            members.Add(i);
        }
        return [.. order.Select(q => new QuestionGroup(q, [.. byQuestion[q]]))];
    }

    /// <summary>Question plus its longest answer: what one batch row costs.</summary>
    public int Length(IReadOnlyList<ChoiceTokens> choices) => Question.Length + Choices.Max(c => choices[c].Answer.Length);

    /// <summary>Question plus all its answers: one row of <see cref="Models.Decoding.CausalLanguageModel.RunPacked"/>.</summary>
    public int PackedLength(IReadOnlyList<ChoiceTokens> choices) => Question.Length + Choices.Sum(c => choices[c].Answer.Length);
}

/// <summary>
/// A batch of question groups laid out as model rows: each question once, and one row per choice holding its answer
/// ids; <see cref="QuestionOfRow"/> says which question a row continues, <see cref="ChoiceOfRow"/> which choice it is.
/// </summary>
internal sealed record QuestionRows(long[][] Questions, int[] ChoiceOfRow, int[] QuestionOfRow, long[][] Answers)
{
    public static QuestionRows Of(IReadOnlyList<QuestionGroup> members, IReadOnlyList<ChoiceTokens> choices)
    {
        int[] choiceOfRow = [.. members.SelectMany(g => g.Choices)];
        return new QuestionRows(
            [.. members.Select(g => g.Question.Select(x => (long)x).ToArray())],
            choiceOfRow,
            [.. members.SelectMany((g, q) => g.Choices.Select(_ => q))],
            [.. choiceOfRow.Select(c => choices[c].Answer.Select(x => (long)x).ToArray())]);
    }
}
