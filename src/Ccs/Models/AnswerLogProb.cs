namespace Ccs.Models;

/// <summary>
/// How likely a model finds an answer continuation: the log-probability of each answer token given everything
/// before it, in float32 from float32 logits (as transformers' loss upcasts them).
/// </summary>
public sealed record AnswerLogProb(float[] PerToken)
{
    /// <summary>
    /// Spec 4.7: <c>logprob = −loss</c>, the model's mean cross-entropy over the answer tokens, in float32: the
    /// average per-token log-probability, not the sum.
    /// </summary>
    public float Mean => PerToken.Sum() / PerToken.Length;

    /// <summary>
    /// Spec 4.7: <c>lm_log_odds = logprob − log1p(−exp(logprob))</c>, the logit of the geometric-mean token
    /// probability, in float32 (+∞ when the mean log-probability is 0).
    /// </summary>
    public float LogOdds => LogOddsOf(Mean);

    public static float LogOddsOf(float meanLogProb)
    {
        float p = MathF.Exp(meanLogProb);
        // torch.log1p(-p) in float32: 1 - p is exact in double, so this is log1p rounded once (−∞ at p = 1).
        float log1p = (float)Math.Log(1.0 - p);
        return meanLogProb - log1p;
    }
}
