using Ccs.Metrics;
using Ccs.Options;
using Ccs.Reporters;
using static TorchSharp.torch;

namespace Ccs.Tests.Reporters;

/// <summary>Reporters on synthetic data against closed-form answers computed independently of the fitters.</summary>
public class ReporterOracleTests
{
    [Fact]
    public void Eigen_weight_is_the_top_eigenvector_of_the_closed_form_vinc_matrix()
    {
        const int n = 60, v = 4, k = 2, d = 6;
        var rng = new Random(11);
        var x = new double[n, v, k, d];
        foreach (int i in Enumerable.Range(0, n)) foreach (int t in Enumerable.Range(0, v))
            foreach (int j in Enumerable.Range(0, k)) foreach (int f in Enumerable.Range(0, d))
                x[i, t, j, f] = rng.NextDouble() * 2 - 1 + (f == 2 ? (j == 0 ? 1.5 : -1.5) * (i % 3 - 1) : 0);
        var hiddens = tensor(x.Cast<double>().Select(e => (float)e).ToArray(), [n, v, k, d]);
        var labels = tensor(Enumerable.Range(0, n).Select(i => (long)(i % 2)).ToArray());
        var options = new EigenNetOptions(42, VarWeight: 0.3, NegCovWeight: 0.5, NumHeads: 1, SaveReporterStats: false, ErasePrompts: false, UseCentroids: true);
        EigenReporter reporter = EigenFitter.Fit(options, [(hiddens, labels)]);

        // Spec 5.5 closed form for one dataset with centroids: population (co)variances of the class centroids and
        // the mean within-cluster covariance across variants.
        var centroid = new double[n, k, d];
        foreach (int i in Enumerable.Range(0, n)) foreach (int j in Enumerable.Range(0, k)) foreach (int f in Enumerable.Range(0, d))
            centroid[i, j, f] = Enumerable.Range(0, v).Average(t => x[i, t, j, f]);
        double[,] intra = new double[d, d], inter = new double[d, d], contrast = new double[d, d];
        foreach (int i in Enumerable.Range(0, n)) foreach (int j in Enumerable.Range(0, k))
            foreach (int t in Enumerable.Range(0, v)) foreach (int a in Enumerable.Range(0, d)) foreach (int b in Enumerable.Range(0, d))
                intra[a, b] += (x[i, t, j, a] - centroid[i, j, a]) * (x[i, t, j, b] - centroid[i, j, b]) / (n * k * v);
        double Mean(int j, int f) => Enumerable.Range(0, n).Average(i => centroid[i, j, f]);
        foreach (int a in Enumerable.Range(0, d)) foreach (int b in Enumerable.Range(0, d))
            foreach (int i in Enumerable.Range(0, n))
            {
                for (int j = 0; j < k; j++) inter[a, b] += (centroid[i, j, a] - Mean(j, a)) * (centroid[i, j, b] - Mean(j, b)) / (k * n);
                double c01 = (centroid[i, 0, a] - Mean(0, a)) * (centroid[i, 1, b] - Mean(1, b));
                double c10 = (centroid[i, 1, a] - Mean(1, a)) * (centroid[i, 0, b] - Mean(0, b));
                contrast[a, b] += (c01 + c10) / (2 * n);
            }
        var matrix = new double[d * d];
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++)
            matrix[a * d + b] = 0.3 * inter[a, b] - 0.5 * intra[a, b] - 0.5 * contrast[a, b];
        using var p = reporter.Eraser.Projection().to_type(ScalarType.Float64);
        using var m = p.matmul(tensor(matrix, [d, d])).matmul(p.T);
        using var w = reporter.Weight.to_type(ScalarType.Float64).squeeze(0);
        double lambda = m.matmul(w).dot(w).item<double>();
        double top = linalg.eigvalsh(m)[-1].item<double>();
        Assert.Equal(top, lambda, 4);
        Assert.True((m.matmul(w) - lambda * w).abs().max().item<double>() < 1e-4);
    }

    [Fact]
    public void Ccs_recovers_a_planted_truth_direction()
    {
        const int n = 80, v = 3, d = 8;
        var rng = new Random(5);
        var truth = new double[d];
        truth[3] = 0.6; truth[5] = -0.8;
        int[] y = [.. Enumerable.Range(0, n).Select(_ => rng.Next(2))];
        var values = new float[n * v * 2 * d];
        for (int i = 0; i < n; i++) for (int t = 0; t < v; t++) for (int j = 0; j < 2; j++) for (int f = 0; f < d; f++)
            values[((i * v + t) * 2 + j) * d + f] = (float)(0.3 * (rng.NextDouble() * 2 - 1) + (j == y[i] ? 2.0 : -2.0) * truth[f]);
        var hiddens = tensor(values, [n, v, 2, d]);
        var labels = tensor(y.Select(l => (long)l).ToArray());
        var options = new CcsNetOptions(42, CcsActivation.Gelu, true, null, CcsInit.Default, LossSpec.Default, CcsNorm.MeanOnly,
            1, false, 0, 0.01, 200, 3, CcsOptimizer.Lbfgs, 0.01);
        CcsFit fit = CcsFitter.Fit(options, hiddens, labels, new TorchCpuRandom(42));
        float[] w = fit.Reporter.Parameters.Single(p => p.Name == "probe.0.weight").Value.data<float>().ToArray();
        double cos = w.Select((e, f) => e * truth[f]).Sum() / Math.Sqrt(w.Sum(e => (double)e * e));
        Assert.True(Math.Abs(cos) > 0.95, $"|cos| = {Math.Abs(cos)}");
        using var scores = fit.Reporter.Score(hiddens);
        EvalResult result = Evaluator.Evaluate(y, ScoreGrid.FromTensor(scores), Ensembling.Full, MetricRules.Recommended);
        Assert.True(result.Auroc.Estimate > 0.99, $"AUROC {result.Auroc.Estimate}");
    }
}
