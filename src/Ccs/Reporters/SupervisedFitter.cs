using Ccs.Metrics;
using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>The cross-validation path of a <c>--supervised cv</c> fit (<c>RegularizationPath</c>).</summary>
public sealed record RegularizationPath(IReadOnlyList<double> Penalties, IReadOnlyList<double> MeanValidationLosses, double BestPenalty);

/// <summary>The logistic-regression baselines of one layer, with the cv path when there is one.</summary>
public sealed record SupervisedFit(IReadOnlyList<LogisticRegression> Models, RegularizationPath? Path);

/// <summary>
/// <c>train_supervised</c> (ccs/training/supervised.py, classifier.py; spec 5.7): logistic regression on the raw
/// train hidden states as rows <c>(n·v·k, d)</c> of all datasets, target 1 where the row's choice is the label.
/// </summary>
public static class SupervisedFitter
{
    private const double SinglePenalty = 0.001;
    private const int Folds = 5, CvSeed = 42, NumPenalties = 10;

    public static SupervisedFit Fit(SupervisedMode mode, IReadOnlyList<(Tensor Hiddens, Tensor Labels)> train)
    {
        if (mode == SupervisedMode.None) return new SupervisedFit([], null);
        using var scope = NewDisposeScope();
        long d = train[0].Hiddens.shape[^1];
        var x = cat([.. train.Select(t => t.Hiddens.reshape(-1, d).to_type(ScalarType.Float32))]);
        var y = cat([.. train.Select(t => EigenFitter.OneHotRows(t.Labels, (int)t.Hiddens.shape[1], t.Hiddens.shape[2]))]);
        return mode switch
        {
            SupervisedMode.Single => Single(x, y),
            SupervisedMode.Cv => CrossValidated(x, y),
            SupervisedMode.Inlp => Inlp(x, y),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }

    private static SupervisedFit Single(Tensor x, Tensor y)
    {
        var fit = new LogisticRegressionFit((int)x.shape[1]);
        double loss = fit.Fit(x, y, SinglePenalty);
        return new SupervisedFit([fit.Snapshot(loss, x.device)], null);
    }

    /// <summary>
    /// <c>Classifier.fit_cv</c>: 5 folds of a permutation drawn from a CPU generator seeded 42, penalties
    /// <c>[0] + logspace(−4, 4, 10)</c>, one classifier warm-started through every fold and penalty, then refit on all
    /// rows with the penalty of the lowest fold-mean validation loss (first on ties).
    /// </summary>
    private static SupervisedFit CrossValidated(Tensor x, Tensor y)
    {
        long rows = x.shape[0];
        if (rows < Folds) throw new CcsException(ExitCode.BadInput, $"--supervised cv needs at least {Folds} training rows, got {rows}");
        double[] penalties = [0.0, .. logspace(-4, 4, NumPenalties).data<float>().ToArray().Select(p => (double)p)];
        int[] permutation = new TorchCpuRandom(CvSeed).Permutation((int)rows);
        long foldSize = rows / Folds;
        var fit = new LogisticRegressionFit((int)x.shape[1]);
        var losses = new float[Folds, penalties.Length];
        for (int i = 0; i < Folds; i++)
        {
            using var scope = NewDisposeScope();
            long[] validation = [.. permutation.Skip((int)(i * foldSize)).Take((int)foldSize).Select(p => (long)p)];
            long[] training = [.. permutation.Take((int)(i * foldSize)).Concat(permutation.Skip((int)((i + 1) * foldSize))).Select(p => (long)p)];
            var trainIdx = tensor(training);
            var valIdx = tensor(validation);
            var (tx, ty, vx, vy) = (x[trainIdx], y[trainIdx], x[valIdx], y[valIdx]);
            for (int j = 0; j < penalties.Length; j++)
            {
                fit.Fit(tx, ty, penalties[j]);
                losses[i, j] = fit.Loss(vx, vy);
            }
        }
        var means = Enumerable.Range(0, penalties.Length)
            .Select(j => Enumerable.Range(0, Folds).Aggregate(0f, (s, i) => s + losses[i, j]) / Folds).ToArray();
        int best = Array.IndexOf(means, means.Min());
        double loss = fit.Fit(x, y, penalties[best]);
        return new SupervisedFit([fit.Snapshot(loss, x.device)],
            new RegularizationPath(penalties, [.. means.Select(m => (double)m)], penalties[best]));
    }

    /// <summary>
    /// <c>Classifier.inlp</c>: fresh zero-initialised classifiers (penalty 0.001), each on the data projected onto the
    /// nullspace of the previous ones, until one's loss reaches 0.99 × the label entropy (at most d of them).
    /// </summary>
    private static SupervisedFit Inlp(Tensor x, Tensor y)
    {
        float p = y.mean().item<float>();
        double entropy = -p * Math.Log(p) - (1 - p) * Math.Log(1 - p);
        long d = x.shape[1];
        var models = new List<LogisticRegression>();
        var current = x;
        for (int i = 0; i < d; i++)
        {
            var fit = new LogisticRegressionFit((int)d);
            double loss = fit.Fit(current, y, SinglePenalty);
            LogisticRegression model = fit.Snapshot(loss, x.device);
            models.Add(model);
            if (loss >= 0.99 * entropy) break;
            // x ← x − x·P with P = A(AᵀA)⁻¹Aᵀ, A = wᵀ: the projection onto the classifier's direction.
            var a = model.Weight.T;
            var projection = a.matmul(linalg.solve(a.T.matmul(a), a.T));
            current = current - current.matmul(projection);
        }
        return new SupervisedFit(models, null);
    }
}
