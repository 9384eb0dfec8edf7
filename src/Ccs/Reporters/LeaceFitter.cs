using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// Streaming statistics of LEACE (concept-erasure 0.1.0, concept_erasure/leace.py: <c>LeaceFitter</c> with its
/// defaults: method <c>leace</c>, affine, covariance-trace constraint, linear shrinkage, <c>svd_tol</c> 0.01), in
/// float32 as the original keeps them. Spec 5.6.
/// </summary>
internal sealed class LeaceFitter : IDisposable
{
    private const double SvdTolerance = 0.01;
    private readonly Tensor _meanX, _meanZ, _sigmaXz, _sigmaXx;
    private long _count;

    public LeaceFitter(long xDim, long zDim, Device device)
    {
        _meanX = zeros(xDim, device: device);
        _meanZ = zeros(zDim, device: device);
        _sigmaXz = zeros(xDim, zDim, device: device);
        _sigmaXx = zeros(xDim, xDim, device: device);
    }

    /// <summary>Welford update with rows <c>x</c> <c>(…, d)</c> and their concept vectors <c>z</c> (same row count).</summary>
    public void Update(Tensor x, Tensor z)
    {
        using var scope = NewDisposeScope();
        long d = _meanX.shape[0];
        var rows = x.reshape(-1, d).to_type(ScalarType.Float32);
        _count += rows.shape[0];
        float n = _count;   // the original keeps n as a float32 tensor

        var deltaX = rows - _meanX;
        _meanX.add_(deltaX.sum(dim: 0) / n);
        var deltaX2 = rows - _meanX;
        _sigmaXx.addmm_(deltaX.T, deltaX2);

        var concepts = z.reshape(rows.shape[0], -1).to_type(ScalarType.Float32);
        var deltaZ = concepts - _meanZ;
        _meanZ.add_(deltaZ.sum(dim: 0) / n);
        var deltaZ2 = concepts - _meanZ;
        _sigmaXz.addmm_(deltaX.T, deltaZ2);
    }

    /// <summary>The eraser of the statistics so far (<c>LeaceFitter.eraser</c>).</summary>
    public LeaceEraser Eraser()
    {
        if (_count < 2) throw new InvalidOperationException("LEACE needs at least two rows");
        using var scope = NewDisposeScope();
        long dim = _meanX.shape[0];
        var identity = eye(dim, device: _meanX.device);

        // Whitening by the pseudo-inverse square root of the shrunk covariance (threshold as torch.linalg.pinv).
        var sigma = SigmaXx();
        var (eigenvalues, eigenvectors) = linalg.eigh(sigma);
        float largest = eigenvalues[-1].item<float>();
        var keep = eigenvalues > largest * dim * 1.1920928955078125e-07f;
        var clamped = eigenvalues.clamp_min(0.0);
        var zero = zeros_like(clamped);
        var w = (eigenvectors * where(keep, clamped.rsqrt(), zero)).matmul(eigenvectors.T);
        var wInv = (eigenvectors * where(keep, clamped.sqrt(), zero)).matmul(eigenvectors.T);

        var (u, s, _) = linalg.svd(w.matmul(_sigmaXz / (float)(_count - 1)), fullMatrices: false);
        u = u * (s > SvdTolerance).to_type(u.dtype);
        var projLeft = wInv.matmul(u);
        var projRight = u.T.matmul(w);

        var p = identity - projLeft.matmul(projRight);
        var oldTrace = sigma.trace();
        var newTrace = p.matmul(sigma).matmul(p.T).trace();
        if (newTrace.item<float>() > oldTrace.item<float>())
            (projLeft, projRight) = ConstrainTrace(p, sigma, u, identity, oldTrace, newTrace);

        return new LeaceEraser(
            projLeft.DetachFromDisposeScope(), projRight.DetachFromDisposeScope(), _meanX.clone().DetachFromDisposeScope());
    }

    /// <summary>
    /// Mixes P with the orthogonal projection Q = I − UUᵀ so that the covariance trace does not grow, then factors
    /// I − P by a full SVD. Replicates the upstream quirk (spec 10.B29): <c>proj_right = Vᴴ · √s</c> scales the
    /// columns of Vᴴ, not its rows, so proj_left·proj_right ≠ I − P in this branch.
    /// </summary>
    private static (Tensor Left, Tensor Right) ConstrainTrace(Tensor p, Tensor sigma, Tensor u, Tensor identity, Tensor oldTrace, Tensor newTrace)
    {
        var q = identity - u.matmul(u.T);
        var x = newTrace;
        var y = 2 * p.matmul(sigma).matmul(q.T).trace();
        var z = q.matmul(sigma).matmul(q.T).trace();
        var w = oldTrace;
        var discriminant = (4 * w * x - 4 * w * y + 4 * w * z - 4 * x * z + y.pow(2)).sqrt();
        var alpha1 = (-y / 2 + z - discriminant / 2) / (x - y + z);
        var alpha2 = (-y / 2 + z + discriminant / 2) / (x - y + z);
        var alpha = where(alpha1 > 0, alpha1, alpha2).clamp(0, 1);
        var mixed = alpha * p + (1 - alpha) * q;
        var (uu, ss, vh) = linalg.svd(identity - mixed);
        return (uu * ss.sqrt(), vh * ss.sqrt());
    }

    /// <summary>Symmetrised population covariance with optimal linear shrinkage toward (tr S / d)·I.</summary>
    private Tensor SigmaXx()
    {
        float n = _count;
        var s = (_sigmaXx + _sigmaXx.T) / 2 / n;
        long p = s.shape[0];
        // concept_erasure/shrinkage.py: optimal_linear_shrinkage with an isotropic target of the same trace.
        var traceS = s.trace();
        var target = eye(p, device: s.device) * traceS / p;
        var targetNormSq = target.pow(2).sum();
        var sNormSq = s.pow(2).sum();
        var prodTrace = s.matmul(target).trace();
        var top = traceS.pow(2) * targetNormSq / n;
        var bottom = sNormSq * targetNormSq - prodTrace.pow(2);
        var alpha = 1 - top / bottom;
        var beta = (1 - alpha) * prodTrace / targetNormSq;
        return alpha * s + beta * target;
    }

    public void Dispose()
    {
        _meanX.Dispose();
        _meanZ.Dispose();
        _sigmaXz.Dispose();
        _sigmaXx.Dispose();
    }
}
