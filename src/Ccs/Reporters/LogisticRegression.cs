using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// A fitted logistic-regression baseline (ccs/training/classifier.py, <c>Classifier</c> with one output):
/// <c>score = x·weightᵀ + bias</c> on raw hidden states, no normalisation, no Platt scaling (spec 5.7).
/// </summary>
/// <param name="Weight"><c>(1, d)</c></param>
/// <param name="Bias"><c>(1)</c></param>
/// <param name="TrainLoss">the unregularised mean BCE of the fit's last objective evaluation</param>
public sealed record LogisticRegression(Tensor Weight, Tensor Bias, double TrainLoss) : IFittedReporter
{
    public Tensor Score(Tensor hiddens)
    {
        using var scope = NewDisposeScope();
        return hiddens.matmul(Weight.T).add(Bias).squeeze(-1).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>Classifier.fit</c>: binary logistic regression by one strong-Wolfe L-BFGS step (max 10 000 iterations, PyTorch's
/// default tolerances) on mean BCE-with-logits + <c>penalty · Σ w²</c> (bias not penalised, no ½). The parameters
/// persist between fits, which is how the original warm-starts its cross-validation path.
/// </summary>
internal sealed class LogisticRegressionFit(int dim)
{
    public const int MaxIter = 10_000;
    private readonly float[] _parameters = new float[dim + 1];   // [weight…, bias], zero-initialised as the original

    /// <summary>Fits rows <c>x</c> <c>(N, d)</c> to 0/1 targets <c>y</c> <c>(N)</c>; returns the last unregularised loss.</summary>
    public double Fit(Tensor x, Tensor y, double penalty, int maxIter = MaxIter)
    {
        double lastLoss = double.PositiveInfinity;
        float n = x.shape[0];
        Lbfgs.Step(_parameters, (p, grad) =>
        {
            using var scope = NewDisposeScope();
            // Scalars held until the end of the call (see HeldScalars).
            using Scalar bias = p[^1].ToScalar(), penaltyScalar = ((float)penalty).ToScalar(), count = n.ToScalar(),
                twicePenalty = (2 * (float)penalty).ToScalar();
            var w = tensor(p[..^1].ToArray());
            var z = x.mv(w).add(bias);
            var loss = nn.functional.binary_cross_entropy_with_logits(z, y);
            lastLoss = loss.item<float>();
            var regularised = penalty != 0 ? loss + penaltyScalar * w.square().sum() : loss;
            var residual = (z.sigmoid() - y) / count;
            var gw = x.T.mv(residual) + twicePenalty * w;
            gw.data<float>().CopyTo(grad[..^1]);
            grad[^1] = residual.sum().item<float>();
            return regularised.item<float>();
        }, new LbfgsOptions(maxIter));
        return lastLoss;
    }

    /// <summary>Mean BCE of the current parameters on <c>(x, y)</c>, in float32.</summary>
    public float Loss(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using Scalar bias = _parameters[^1].ToScalar();
        var z = x.mv(tensor(_parameters[..^1])).add(bias);
        return nn.functional.binary_cross_entropy_with_logits(z, y).item<float>();
    }

    public LogisticRegression Snapshot(double trainLoss, Device device) =>
        new(tensor(_parameters[..^1], [1, _parameters.Length - 1], device: device).DetachFromDisposeScope(),
            tensor(_parameters[^1..], [1], device: device).DetachFromDisposeScope(), trainLoss);
}
