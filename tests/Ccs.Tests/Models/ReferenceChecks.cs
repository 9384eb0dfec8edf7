namespace Ccs.Tests.Models;

/// <summary>Element-wise comparison with a reference file's rule, keeping the worst error and the failures.</summary>
public sealed class ReferenceChecks(double atol, double rtol)
{
    public double Worst { get; private set; }

    public List<string> Failures { get; } = [];

    public void Value(string what, double expected, double actual)
    {
        double error = Math.Abs(actual - expected);
        Worst = Math.Max(Worst, double.IsNaN(error) ? double.PositiveInfinity : error);
        if (!(error <= atol + rtol * Math.Abs(expected))) Failures.Add($"{what}: expected {expected}, got {actual}");
    }

    public void Vector(string what, double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++) Value($"{what}[{j}]", expected[j], actual[j]);
    }

    /// <summary>first / last / mean summaries of (length × hidden) matrices per hidden state, over mask-1 positions.</summary>
    public void Summaries(string what, SummaryVectors expected, double[][,] states, long[] mask)
    {
        int first = Array.IndexOf(mask, 1L), last = Array.LastIndexOf(mask, 1L);
        for (int layer = 0; layer < states.Length; layer++)
        {
            Vector($"{what} [{layer}] first", expected.First[layer], ModelRuns.Row(states[layer], first));
            Vector($"{what} [{layer}] last", expected.Last[layer], ModelRuns.Row(states[layer], last));
            Vector($"{what} [{layer}] mean", expected.Mean[layer], ModelRuns.MaskedMean(states[layer], mask));
        }
    }

    public void AssertPassed() =>
        Assert.True(Failures.Count == 0, $"{Failures.Count} values outside tolerance, e.g.:\n{string.Join("\n", Failures.Take(10))}");
}
