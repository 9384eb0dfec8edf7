using Ccs.Data;

namespace Ccs.Extraction;

/// <summary>
/// The token ids of one (variant, choice): the question with special tokens, then the answer ids (spec 4.3); for an
/// encoder-decoder the encoder input and the decoder's target.
/// </summary>
public sealed record ChoiceTokens(int[] Question, int[] Answer)
{
    public int Length => Question.Length + Answer.Length;

    public int[] Ids => [.. Question, .. Answer];
}

/// <summary>
/// A prompted example as the model will read it: <see cref="Choices"/>[t * k + j] holds variant t, choice j.
/// <see cref="StreamPosition"/> is the example's 0-based index in the split's example stream (where a resumed
/// extraction continues from).
/// </summary>
public sealed record TokenizedExample(PromptedExample Example, long StreamPosition, IReadOnlyList<ChoiceTokens> Choices)
{
    public int Variants => Example.Prompts.Length;
    public int ChoiceCount => Example.Prompts.Length == 0 ? 0 : Example.Prompts[0].Length;
    public int LongestSequence => Choices.Count == 0 ? 0 : Choices.Max(c => c.Length);
    public int LongestQuestion => Choices.Count == 0 ? 0 : Choices.Max(c => c.Question.Length);
}
