using Ccs.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// The eigen (VINC / CRC) reporter fit (ccs/training/eigen_reporter.py, <c>EigenFitter</c>; train.py for the Platt
/// step; spec 5.5): streaming invariance, inter-cluster variance and negative-covariance statistics dataset by dataset,
/// LEACE on the pseudo-label (or on (template, pseudo-label) with <c>--erase_prompts</c>), then the top eigenvector of
/// <c>P·A·Pᵀ</c>, Platt-scaled on every training hidden state. Deterministic; float32 like the original.
/// </summary>
public static class EigenFitter
{
    /// <summary>
    /// Fits on the training sets <c>(n, v, k, d)</c> with labels <c>(n)</c>, in the given order.
    /// </summary>
    /// <param name="fixRowCount">
    /// Divide the running class means by the number of rows instead of examples without centroids (fix of 10.B10);
    /// false reproduces the original.
    /// </param>
    public static EigenReporter Fit(EigenNetOptions options, IReadOnlyList<(Tensor Hiddens, Tensor Labels)> train, bool fixRowCount = false)
    {
        if (train.Count == 0) throw new ArgumentException("the eigen reporter needs at least one training set");
        if (options.NumHeads != 1)
            throw new CcsException(ExitCode.BadInput, "--num_heads must be 1 (the original crashed in Platt scaling with more heads)");
        var (_, v, k, d) = Shape(train[0].Hiddens);
        using var stats = new Statistics(options, d, k, v, train[0].Hiddens.device, fixRowCount);
        foreach (var (hiddens, _) in train)
        {
            var (_, _, kk, dd) = Shape(hiddens);
            if (dd != d) throw new CcsException(ExitCode.BadInput, "All datasets must have the same hidden state size");
            if (kk != k) throw new CcsException(ExitCode.BadInput, "All datasets must have the same number of classes");
            stats.Update(hiddens);
        }
        EigenReporter reporter = stats.Solve();

        using var scope = NewDisposeScope();
        var rows = cat([.. train.Select(t => t.Hiddens.reshape(-1, d))]);
        var targets = cat([.. train.Select(t => OneHotRows(t.Labels, (int)t.Hiddens.shape[1], k))]);
        using var raw = reporter.Raw(rows);
        var (scale, bias) = PlattScaling.Fit(raw, targets);
        return reporter with { Scale = scale, PlattBias = bias };
    }

    /// <summary>Per (example, variant, choice) row: 1 if the choice is the label (<c>to_one_hot(repeat(labels))</c>).</summary>
    internal static Tensor OneHotRows(Tensor labels, int variants, long choices) =>
        nn.functional.one_hot(labels.to_type(ScalarType.Int64).repeat_interleave(variants), choices).flatten().to_type(ScalarType.Float32);

    private static (long N, long V, long K, long D) Shape(Tensor hiddens)
    {
        if (hiddens.dim() != 4) throw new ArgumentException("hidden states must have shape (n, v, k, d)");
        if (hiddens.shape[2] < 2) throw new ArgumentException("Must provide at least two hidden states");
        return (hiddens.shape[0], hiddens.shape[1], hiddens.shape[2], hiddens.shape[3]);
    }

    /// <summary>The running statistics of <c>EigenFitter.update</c>.</summary>
    private sealed class Statistics(EigenNetOptions options, long d, long k, long v, Device device, bool fixRowCount) : IDisposable
    {
        private readonly LeaceFitter _leace = new(d, options.ErasePrompts ? k * v : k, device);
        private readonly Tensor _classMeans = zeros(k, d, device: device);
        private readonly Tensor _contrastM2 = zeros(d, d, device: device);
        private readonly Tensor _interM2 = zeros(d, d, device: device);
        private readonly Tensor _intra = zeros(d, d, device: device);
        private long _examples, _rows;

        public void Update(Tensor hiddens)
        {
            using var scope = NewDisposeScope();
            var x = hiddens.to_type(ScalarType.Float32);
            long n = x.shape[0], vv = x.shape[1];
            _examples += n;

            // LEACE concept: the pseudo-label, or the (template, pseudo-label) pair with --erase_prompts.
            var indicators = options.ErasePrompts
                ? eye(k * v, device: x.device).expand(n, -1, -1)
                : eye(k, device: x.device).expand(n, vv, -1, -1);
            _leace.Update(x, indicators);

            // Invariance: mean over (example, choice) of the population covariance across variants.
            var clusters = x.permute(0, 2, 1, 3).reshape(n * k, vv, d);
            var centred = (clusters - clusters.mean([1], keepdim: true)).reshape(-1, d);
            var intraBatch = centred.T.matmul(centred) / (n * k * vv);
            _intra.add_((intraBatch - _intra) * ((float)n / _examples));

            // Centroids (VINC) or every (example, variant) as its own row (CRC-TPC style).
            var centroids = options.UseCentroids ? x.mean([1]) : x.reshape(n * vv, k, d);
            _rows += centroids.shape[0];
            // The original divides by the running example count even when rows are (example, variant) pairs (10.B10).
            float divisor = fixRowCount ? _rows : _examples;

            var deltas = new List<Tensor>();
            var deltas2 = new List<Tensor>();
            for (int i = 0; i < k; i++)
            {
                var h = centroids.select(1, i);
                var delta = h - _classMeans[i];
                _classMeans[i].add_(delta.sum(dim: 0) / divisor);
                var delta2 = h - _classMeans[i];
                _interM2.addmm_(delta.T, delta2, beta: 1, alpha: 1f / k);
                deltas.Add(delta);
                deltas2.Add(delta2);
            }
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    if (i != j) _contrastM2.addmm_(deltas[i].T, deltas2[j], beta: 1, alpha: 1f / (k * (k - 1)));
        }

        /// <summary><c>fit_streaming</c>: the top eigenvector of P·A·Pᵀ with A = a·Σ_inter − (1 − b)·S_intra − b·Σ_contrast.</summary>
        public EigenReporter Solve()
        {
            using var scope = NewDisposeScope();
            float count = fixRowCount ? _rows : _examples;
            var a = (float)options.VarWeight * (_interM2 / count)
                    - (float)(1 - options.NegCovWeight) * _intra
                    - (float)options.NegCovWeight * (_contrastM2 / count);
            LeaceEraser eraser = _leace.Eraser();
            var p = eraser.Projection();
            a = p.matmul(a).matmul(p.T);
            if (!a.isfinite().all().item<bool>())
                throw new CcsException(ExitCode.BadInput,
                    "Fitting the reporter failed because the VINC matrix has non-finite entries. Usually this means the hidden states themselves had non-finite values.");
            // eigh reads the lower triangle and returns ascending eigenvalues; the last column is the top direction.
            var (eigenvalues, eigenvectors) = linalg.eigh(a);
            var weight = eigenvectors[.., ^1..].T.contiguous();
            return new EigenReporter(weight.DetachFromDisposeScope(), eraser, eigenvalues.DetachFromDisposeScope());
        }

        public void Dispose()
        {
            _leace.Dispose();
            _classMeans.Dispose();
            _contrastM2.Dispose();
            _interM2.Dispose();
            _intra.Dispose();
        }
    }
}
