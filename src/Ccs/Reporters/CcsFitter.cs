using Ccs.Metrics;
using Ccs.Options;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>One CCS try: the first linear layer's parameters after initialisation and after optimisation, and its loss.</summary>
public sealed record CcsTry(float[] InitWeight, float[] InitBias, float[] FinalWeight, float[] FinalBias, double Loss);

/// <summary>A fitted CCS reporter with the best try's loss (<c>train_loss</c>) and every try for diagnosis.</summary>
public sealed record CcsFit(CcsReporter Reporter, double TrainLoss, float[] ConstructWeight, float[] ConstructBias, IReadOnlyList<CcsTry> Tries);

/// <summary>
/// Contrast-consistent search (ccs/training/ccs_reporter.py, <c>CcsReporter.fit</c>, <c>train_loop_lbfgs</c>,
/// <c>train_loop_adam</c>; train.py for Platt scaling; spec 5.4): normalise the two halves, run <c>num_tries</c>
/// initialisations and optimisations, keep the first try with the lowest loss, then Platt-scale on the train labels.
/// </summary>
public static class CcsFitter
{
    /// <summary>
    /// Fits on <c>(n, v, 2, d)</c> train hidden states with labels <c>(n)</c>. <paramref name="rng"/> is the global
    /// generator the original seeds with <c>net.seed + layer</c> before the layer; probe construction and every
    /// default/spherical initialisation draw from it.
    /// </summary>
    public static CcsFit Fit(CcsNetOptions options, Tensor hiddens, Tensor labels, TorchCpuRandom rng)
    {
        if (hiddens.dim() != 4 || hiddens.shape[2] != 2)
            throw new CcsException(ExitCode.BadInput, $"CCS needs two choices per question, got hidden states of shape [{string.Join(", ", hiddens.shape)}]: pass --binarize");
        if ((options.Init is CcsInit.Pca or CcsInit.Spherical) && (options.PreLn || options.NumLayers > 1))
            throw new CcsException(ExitCode.BadInput, $"--init {options.Init.ToString().ToLowerInvariant()} needs a linear probe without --pre_ln");
        var x = hiddens.to_type(ScalarType.Float32);
        long n = x.shape[0], v = x.shape[1], d = x.shape[3];
        var init = new TorchCpuRandomInit(rng);
        var probe = new CcsProbe(options, (int)d, init);
        var (constructWeight, constructBias) = FirstLayer(probe);

        using var scope = NewDisposeScope();
        var xNeg = x.select(2, 0);
        var xPos = x.select(2, 1);
        CcsNormalization normalization = FitNormalization(options.Norm, xNeg, xPos, v, d);
        // The original normalises once before the loop and again inside every forward pass; both applications are
        // kept because meanonly/burns/LEACE are only idempotent up to rounding.
        var neg = normalization.Apply(normalization.Apply(xNeg)).detach();
        var pos = normalization.Apply(normalization.Apply(xPos)).detach();

        var tries = new List<CcsTry>();
        double bestLoss = double.PositiveInfinity;
        float[]? bestState = null;
        IReadOnlyList<Parameter> parameters = probe.Parameters();
        for (int i = 0; i < options.NumTries; i++)
        {
            Initialise(options, probe, init, neg, pos, i);
            var (initWeight, initBias) = FirstLayer(probe);
            double loss = options.Optimizer == CcsOptimizer.Lbfgs
                ? TrainLbfgs(options, probe, parameters, neg, pos)
                : TrainAdam(options, probe, parameters, neg, pos);
            var (finalWeight, finalBias) = FirstLayer(probe);
            tries.Add(new CcsTry(initWeight, initBias, finalWeight, finalBias, loss));
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestState = Flatten(parameters);
            }
        }
        if (bestState is null || !double.IsFinite(bestLoss))
            throw new CcsException(ExitCode.BadInput, "Got NaN/infinite loss during training");
        Load(parameters, bestState);

        var reporter = new CcsReporter(probe, normalization, 1f, 0f);
        using var raw = reporter.Raw(x);
        using var targets = nn.functional.one_hot(labels.to_type(ScalarType.Int64), 2).unsqueeze(1).expand(n, v, 2).to_type(ScalarType.Float32);
        var (scale, bias) = PlattScaling.Fit(raw, targets);
        return new CcsFit(reporter.WithPlatt(scale, bias), bestLoss, constructWeight, constructBias, tries);
    }

    /// <summary>
    /// <c>leace</c>: one eraser for both halves with the 2v-dimensional (template, pseudo-label) indicator — position
    /// v + t for a choice-0 state of template t, t for a choice-1 state. Stateless kinds need no fitting.
    /// </summary>
    private static CcsNormalization FitNormalization(CcsNorm kind, Tensor xNeg, Tensor xPos, long v, long d)
    {
        if (kind != CcsNorm.Leace) return new CcsNormalization(kind, null);
        using var scope = NewDisposeScope();
        long n = xNeg.shape[0];
        var promptIds = eye(v, device: xNeg.device).expand(n, -1, -1);
        var none = zeros_like(promptIds);
        using var fitter = new LeaceFitter(d, 2 * v, xNeg.device);
        fitter.Update(xNeg, cat([none, promptIds], -1));
        fitter.Update(xPos, cat([promptIds, none], -1));
        return new CcsNormalization(kind, fitter.Eraser());
    }

    /// <summary><c>reset_parameters</c> (default / spherical / zero), or the pca weight for try i (spec 5.4.2).</summary>
    private static void Initialise(CcsNetOptions options, CcsProbe probe, TorchCpuRandomInit init, Tensor neg, Tensor pos, int attempt)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        switch (options.Init)
        {
            case CcsInit.Default:
                foreach (Linear linear in probe.Linears) init.ResetLinear(linear);
                break;
            case CcsInit.Zero:
                foreach (Parameter p in probe.Parameters()) p.zero_();
                break;
            case CcsInit.Spherical:
            {
                Linear linear = probe.Linears[0];
                long d = linear.weight!.shape[1];
                var theta = tensor(init.Generator.Normal((int)d + 1));
                theta = theta / theta.norm();
                linear.weight.copy_(theta[..(int)d].reshape(1, d));
                linear.bias?.copy_(theta[(int)d..]);
                break;
            }
            case CcsInit.Pca:
            {
                // The (attempt+1)-th principal direction of the pooled differences. The original uses the randomised
                // torch.pca_lowrank(q = attempt + 1); an exact SVD gives the direction it approximates.
                var diffs = (pos - neg).flatten(0, 1);
                var centred = diffs - diffs.mean([0], keepdim: true);
                var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
                probe.Linears[0].weight!.copy_(vh[attempt].unsqueeze(0));
                break;
            }
        }
    }

    /// <summary>
    /// One L-BFGS step (strong Wolfe, max_iter = num_epochs, tolerances float32 eps) on the unsupervised loss plus
    /// <c>Σ wd·‖p‖²/2</c>; returns the unregularised loss of the last objective evaluation, which may be a line-search
    /// trial point (10.B30, replicated because it decides which try wins).
    /// </summary>
    private static double TrainLbfgs(CcsNetOptions options, CcsProbe probe, IReadOnlyList<Parameter> parameters, Tensor neg, Tensor pos)
    {
        double lastLoss = double.PositiveInfinity;
        float[] flat = Flatten(parameters);
        var lbfgs = new LbfgsOptions(options.NumEpochs, LbfgsOptions.Float32Eps, LbfgsOptions.Float32Eps);
        Lbfgs.Step(flat, (p, grad) =>
        {
            using var scope = NewDisposeScope();
            Load(parameters, p);
            foreach (Parameter param in parameters) param.grad?.zero_();
            var loss = CcsLosses.Total(options.Loss, probe.Forward(neg), probe.Forward(pos));
            Tensor regularised = loss;
            using Scalar decay = ((float)options.WeightDecay).ToScalar();   // held for the call (see HeldScalars)
            foreach (Parameter param in parameters)
                regularised = regularised + decay * param.norm().pow(HeldScalars.Two) / HeldScalars.Two;
            regularised.backward();
            lastLoss = loss.item<float>();
            int offset = 0;
            foreach (Parameter param in parameters)
            {
                int count = (int)param.numel();
                param.grad!.data<float>().CopyTo(grad.Slice(offset, count));
                offset += count;
            }
            return regularised.item<float>();
        }, lbfgs);
        Load(parameters, flat);
        return lastLoss;
    }

    /// <summary>
    /// AdamW (decoupled weight decay, betas 0.9/0.999, eps 1e-8) for num_epochs full-batch steps; the loss before the
    /// last step. torch.optim.AdamW's single-tensor path (torch/optim/adam.py <c>_single_tensor_adam</c> with
    /// decoupled weight decay, no amsgrad), written out because TorchSharp's own <c>AdamW.step</c> converts its
    /// doubles to temporary scalars that a garbage collection can free while libtorch reads them (a parallel test
    /// run crashed in it with "toFloat: Expected false to be true"); here every scalar is held until its scope ends.
    /// </summary>
    private static double TrainAdam(CcsNetOptions options, CcsProbe probe, IReadOnlyList<Parameter> parameters, Tensor neg, Tensor pos)
    {
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        // Outlives the per-step scopes: the moment estimates and the lerp weight, freed when the fit ends.
        using var fitScope = NewDisposeScope();
        Tensor[] moments = [.. parameters.SelectMany(p => new[] { zeros_like(p), zeros_like(p) })];
        using Scalar decay = (1 - options.Lr * options.WeightDecay).ToScalar();
        // torch's lerp_ takes a Scalar weight; TorchSharp's only a tensor one. Both kernels compute in float32.
        Tensor firstWeight = tensor((float)(1 - beta1), device: neg.device);
        using Scalar secondDecay = beta2.ToScalar();
        using Scalar secondWeight = (1 - beta2).ToScalar();
        using Scalar epsilon = eps.ToScalar();
        double loss = double.PositiveInfinity;
        for (int epoch = 0; epoch < options.NumEpochs; epoch++)
        {
            using var scope = NewDisposeScope();
            foreach (Parameter p in parameters) p.grad?.zero_();
            var value = CcsLosses.Total(options.Loss, probe.Forward(neg), probe.Forward(pos));
            value.backward();
            int step = epoch + 1;
            using Scalar stepSize = (-options.Lr / (1 - Math.Pow(beta1, step))).ToScalar();
            using Scalar correction2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step)).ToScalar();
            using (no_grad())
            {
                for (int i = 0; i < parameters.Count; i++)
                {
                    Parameter p = parameters[i];
                    Tensor grad = p.grad ?? throw new InvalidOperationException("a CCS probe parameter got no gradient");
                    Tensor average = moments[2 * i], squares = moments[2 * i + 1];
                    p.mul_(decay);
                    average.lerp_(grad, firstWeight);
                    squares.mul_(secondDecay).addcmul_(grad, grad, secondWeight);
                    var denominator = squares.sqrt().div_(correction2Sqrt).add_(epsilon);
                    p.addcdiv_(average, denominator, stepSize);
                }
            }
            loss = value.item<float>();
        }
        return loss;
    }

    private static (float[] Weight, float[] Bias) FirstLayer(CcsProbe probe)
    {
        Linear first = probe.Linears[0];
        float[] weight = first.weight!.detach().flatten().data<float>().ToArray();
        float[] bias = first.bias is null ? [0f] : first.bias.detach().flatten().data<float>().ToArray();
        return (weight, bias);
    }

    private static float[] Flatten(IReadOnlyList<Parameter> parameters) =>
        [.. parameters.SelectMany(p => p.detach().flatten().data<float>().ToArray())];

    private static void Load(IReadOnlyList<Parameter> parameters, ReadOnlySpan<float> flat)
    {
        using var noGrad = no_grad();
        int offset = 0;
        foreach (Parameter p in parameters)
        {
            int count = (int)p.numel();
            using var source = tensor(flat.Slice(offset, count).ToArray(), p.shape);
            p.copy_(source);
            offset += count;
        }
    }
}
