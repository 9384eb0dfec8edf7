using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// Platt scaling (ccs/training/platt_scaling.py, <c>PlattMixin.platt_scale</c>; spec 5.3): fits
/// <c>scale · raw + bias</c> (from 1 and 0) to "is the correct choice" targets by mean binary cross-entropy with one
/// strong-Wolfe L-BFGS step (100 iterations, tolerances float32 eps). It is supervised and fixes the sign of the
/// unsupervised direction.
/// </summary>
public static class PlattScaling
{
    /// <summary>The fitted <c>(scale, bias)</c> for raw scores and 0/1 targets of the same shape.</summary>
    public static (float Scale, float Bias) Fit(Tensor rawScores, Tensor targets)
    {
        float[] raw = Floats(rawScores), y = Floats(targets);
        if (raw.Length != y.Length) throw new ArgumentException("Platt scaling needs one target per raw score");
        float[] parameters = [1f, 0f];   // the optimiser sees [bias, scale] in the original; order does not matter
        var options = new LbfgsOptions(MaxIter: 100, ToleranceGrad: LbfgsOptions.Float32Eps, ToleranceChange: LbfgsOptions.Float32Eps);
        Lbfgs.Step(parameters, (p, grad) => MeanBce(raw, y, p[0], p[1], grad), options);
        return (parameters[0], parameters[1]);
    }

    /// <summary>Mean BCE with logits of <c>scale·raw + bias</c> (float32 logits) and its gradient.</summary>
    private static double MeanBce(float[] raw, float[] y, float scale, float bias, Span<float> grad)
    {
        double loss = 0, gScale = 0, gBias = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            float z = raw[i] * scale + bias;
            loss += BinaryCrossEntropyWithLogits(z, y[i]);
            double residual = 1.0 / (1.0 + Math.Exp(-(double)z)) - y[i];
            gScale += residual * raw[i];
            gBias += residual;
        }
        grad[0] = (float)(gScale / raw.Length);
        grad[1] = (float)(gBias / raw.Length);
        return (float)(loss / raw.Length);
    }

    /// <summary>Stable <c>(1 − y)·z + log(1 + e^−z)</c>.</summary>
    internal static double BinaryCrossEntropyWithLogits(double z, double y) =>
        (1 - y) * z + Math.Max(-z, 0) + Math.Log(Math.Exp(-Math.Max(-z, 0)) + Math.Exp(-z - Math.Max(-z, 0)));

    private static float[] Floats(Tensor t)
    {
        using var flat = t.detach().to(CPU).to_type(ScalarType.Float32).flatten().contiguous();
        return flat.data<float>().ToArray();
    }
}
