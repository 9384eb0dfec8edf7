using static TorchSharp.torch;

namespace Ccs.Models;

/// <summary>
/// A generative model (decoder-only, or encoder-decoder) as the extraction uses it for one prompt: the question
/// and its answer choices in, per choice the hidden states the tool reads and the answer's log-probability out
/// (spec 4.3 and 4.7).
/// </summary>
public interface IAnswerScoringModel : IHiddenStateModel
{
    /// <summary>
    /// Whether the checkpoint has an LM head (spec 4.1 <c>has_lm_preds</c>: some <c>architectures</c> entry ends
    /// in <c>CausalLM</c>, <c>LMHeadModel</c> or <c>ConditionalGeneration</c>); without one there are no log-probs.
    /// </summary>
    bool HasLanguageModelHead { get; }

    /// <summary>
    /// Scores every answer after one question. Decoder-only models read <c>question + answer</c> (the question
    /// is run once and its keys/values are reused for every answer); encoder-decoder models encode the question
    /// once and decode each answer as the target (<paramref name="answers"/> are then the target ids, end token
    /// included). Returns one result per answer, in order.
    /// </summary>
    IReadOnlyList<ScoredAnswer> ScoreAnswers(long[] question, IReadOnlyList<long[]> answers);
}

/// <summary>
/// One answer choice: <see cref="HiddenStates"/> are <c>Config.NumHiddenStates</c> (sequence, hidden) tensors of
/// the sequence the states come from (decoder-only: question + answer; encoder-decoder: the decoder input), in
/// the model's dtype and the caller's dispose scope; <see cref="LogProb"/> is null without an LM head.
/// </summary>
public sealed record ScoredAnswer(Tensor[] HiddenStates, AnswerLogProb? LogProb);
