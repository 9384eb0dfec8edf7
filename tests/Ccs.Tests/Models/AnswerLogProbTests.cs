using Ccs.Models;

namespace Ccs.Tests.Models;

/// <summary>Spec 4.7: logprob is the mean (not the sum) of the token log-probs; log-odds = lp − log1p(−exp(lp)).</summary>
public class AnswerLogProbTests
{
    [Fact]
    public void The_mean_log_prob_and_its_log_odds_follow_spec_4_7()
    {
        var answer = new AnswerLogProb([-0.25f, -1.5f, -0.75f]);
        Assert.Equal(-0.8333333f, answer.Mean, 6);
        double p = Math.Exp(-2.5 / 3);
        Assert.Equal(Math.Log(p / (1 - p)), answer.LogOdds, 5);
        Assert.Equal(0f, AnswerLogProb.LogOddsOf(MathF.Log(0.5f)), 6);          // p = 1/2 is even odds
        Assert.Equal(float.PositiveInfinity, AnswerLogProb.LogOddsOf(0f));       // p = 1
        Assert.Equal(-20.000002f, AnswerLogProb.LogOddsOf(-20f), 4);              // tiny p: log-odds ≈ log p
    }
}
