namespace Ccs.Extraction;

/// <summary>
/// The LM baseline of spec 4.7, for models with a language-model head (spec 4.1 <c>has_lm_preds</c>). Extraction
/// calls it once per variant with that variant's k choices; models without an LM head have no scorer.
/// </summary>
public interface IAnswerLogOddsScorer
{
    /// <summary>
    /// For each choice, <c>lm_log_odds = logprob − log1p(−exp(logprob))</c> where <c>logprob</c> is the mean
    /// log-probability of the answer ids after the question ids, in float32 (+∞ when the mean is 0).
    /// </summary>
    float[] AnswerLogOdds(IReadOnlyList<ChoiceTokens> choices);
}
