using Ccs.Runs;
using Ccs.Metrics;

namespace Ccs.Tests.Metrics;

/// <summary>Metric primitives against definitions computed independently of the code under test.</summary>
public class MetricOracleTests
{
    [Fact]
    public void Auroc_equals_brute_force_pair_counting_with_ties_as_half()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            int m = rng.Next(2, 60);
            // Scores on a coarse grid so that ties within and across classes are common.
            float[] scores = [.. Enumerable.Range(0, m).Select(_ => rng.Next(0, 8) * 0.25f)];
            bool[] positive = [.. Enumerable.Range(0, m).Select(_ => rng.Next(2) == 1)];
            if (!positive.Contains(true) || !positive.Contains(false)) continue;
            double wins = 0;
            int pairs = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                {
                    if (!positive[i] || positive[j]) continue;
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            Assert.Equal(wins / pairs, Auroc.Estimate(scores, positive), 12);
        }
    }

    [Fact]
    public void Auroc_is_nan_with_one_class()
    {
        Assert.True(double.IsNaN(Auroc.Estimate([0.1f, 0.2f], [true, true])));
    }

    [Fact]
    public void Bootstrap_resample_of_auroc_equals_scoring_the_resampled_items()
    {
        // The weighted walk over the once-sorted items must equal sorting each resample's items afresh.
        var rng = new Random(3);
        int clusters = 30, size = 4;
        float[] scores = [.. Enumerable.Range(0, clusters * size).Select(_ => rng.Next(0, 10) * 0.5f)];
        bool[] positive = [.. Enumerable.Range(0, clusters * size).Select(i => i % size == 1)];
        int[] idx = ClusterBootstrap.Indices(clusters);
        var resampled = new float[ClusterBootstrap.Resamples];
        for (int b = 0; b < resampled.Length; b++)
        {
            var s = new List<float>();
            var t = new List<bool>();
            for (int k = 0; k < clusters; k++)
                for (int j = 0; j < size; j++)
                {
                    s.Add(scores[idx[b * clusters + k] * size + j]);
                    t.Add(positive[idx[b * clusters + k] * size + j]);
                }
            resampled[b] = (float)Auroc.Estimate([.. s], [.. t]);
        }
        var (lower, upper) = ClusterBootstrap.Bounds(resampled);
        MetricInterval got = Auroc.WithInterval(scores, positive, clusters);
        Assert.Equal(lower, got.Lower);
        Assert.Equal(upper, got.Upper);
    }

    [Fact]
    public void Torch_cpu_generator_reproduces_the_documented_streams()
    {
        // Values from the reference README (verified against torch 1.13).
        int[] idx = ClusterBootstrap.Indices(100);
        Assert.Equal([42, 67, 76, 14, 26, 35, 20, 24, 50, 13, 78, 14], idx[..12]);
        Assert.Equal([70, 53, 37, 75, 17], idx[100..105]);
        Assert.Equal(4_955_935L, idx.Sum(i => (long)i));
        int[] perm = new TorchCpuRandom(42).Permutation(2600);
        Assert.Equal([1942, 2591, 2484, 2318, 1634, 1045, 1728, 1759, 750, 28], perm[..10]);
        // nn.Linear(384, 1) weight init after torch.manual_seed(45): U(−1/√384, 1/√384) per element.
        var rng = new TorchCpuRandom(45);
        float bound = 1f / MathF.Sqrt(384);
        float[] first = [.. Enumerable.Range(0, 3).Select(_ => rng.NextUniform(-bound, bound))];
        Assert.Equal([-0.03195079f, 0.04708413f, 0.01872318f], first, (a, b) => Math.Abs(a - b) < 1e-8);
    }

    [Fact]
    public void Worked_example_of_the_spec_gives_its_accuracies()
    {
        // Spec 6.2: example 0 has label 1 and s = [[0.2, 0.9], [0.4, 0.3]]; example 1 (label 0, scores clearly for
        // choice 0 in both variants) is right in every mode and only there because the calibration error needs two items.
        var scores = new ScoreGrid([0.2f, 0.9f, 0.4f, 0.3f, 0.9f, -0.1f, 0.8f, -0.2f], 2, 2, 2);
        int[] labels = [1, 0];
        Assert.Equal(0.75, Evaluator.Evaluate(labels, scores, Ensembling.None, MetricRules.Original).Accuracy.Estimate);
        Assert.Equal(0.75, Evaluator.Evaluate(labels, scores, Ensembling.Partial, MetricRules.Original).Accuracy.Estimate);
        Assert.Equal(1.0, Evaluator.Evaluate(labels, scores, Ensembling.Full, MetricRules.Original).Accuracy.Estimate);
        // Choice 1 at 0.45: below the original's 0.5 log-odds threshold, above the recommended 0 (as is 0.3 in variant 1).
        var low = new ScoreGrid([0.2f, 0.45f, 0.4f, 0.3f, 0.9f, -0.1f, 0.8f, -0.2f], 2, 2, 2);
        Assert.Equal(0.5, Evaluator.Evaluate(labels, low, Ensembling.None, MetricRules.Original).Accuracy.Estimate);
        Assert.Equal(1.0, Evaluator.Evaluate(labels, low, Ensembling.None, MetricRules.Recommended).Accuracy.Estimate);
        Assert.Equal(0.75, Evaluator.Evaluate(labels, low, Ensembling.Partial, MetricRules.Original).Accuracy.Estimate);
    }

    [Fact]
    public void Csv_numbers_round_half_to_even_on_the_binary_value()
    {
        Assert.Equal("0.5", PythonNumbers.Cell(0.5));
        Assert.Equal("1.0", PythonNumbers.Cell(1.0));
        Assert.Equal("0.9321", PythonNumbers.Cell(0.93214));
        Assert.Equal("", PythonNumbers.Cell(double.NaN));
        Assert.Equal("", PythonNumbers.Cell(null));
    }
}
