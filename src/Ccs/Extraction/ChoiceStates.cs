namespace Ccs.Extraction;

/// <summary>
/// What extraction keeps of one (variant, choice): the hidden state at <c>--token_loc</c> of every selected layer,
/// row-major (layer, d) in float32, and the LM log-odds of its answer (spec 4.7) when the model has an LM head.
/// </summary>
public sealed record ChoiceStates(float[] Pooled, float? LogOdds);

/// <summary>
/// One way of running a part's (variant, choice) sequences through the model: full sequences in padded batches
/// (<see cref="PooledStates"/>), questions once with their answers continuing from the cached keys/values
/// (<see cref="SharedPrefixStates"/>), or questions into the encoder and answers into the decoder
/// (<see cref="EncoderDecoderStates"/>). Every way gives the same numbers up to float32 rounding.
/// </summary>
public interface IChoicePass
{
    /// <summary>The selected hidden-state indices, in the order of <see cref="ChoiceStates.Pooled"/>.</summary>
    IReadOnlyList<int> Layers { get; }

    int HiddenSize { get; }

    /// <summary>Whether <see cref="ChoiceStates.LogOdds"/> is set.</summary>
    bool ScoresAnswers { get; }

    /// <summary>result[i] belongs to choices[i].</summary>
    IReadOnlyList<ChoiceStates> Run(IReadOnlyList<ChoiceTokens> choices);
}
