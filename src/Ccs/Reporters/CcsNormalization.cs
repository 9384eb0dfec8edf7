using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// The CCS input normalisation (spec 5.2). <c>meanonly</c> and <c>burns</c> (ccs/training/burns_norm.py, <c>BurnsNorm</c>)
/// are stateless and recomputed from whatever batch is scored, so evaluation is transductive (10.B16, replicated);
/// <c>leace</c> applies the eraser fitted on the training states.
/// </summary>
public sealed record CcsNormalization(CcsNorm Kind, LeaceEraser? Eraser)
{
    /// <summary>Normalises <c>(n, v, d)</c> or <c>(n, v, k, d)</c> hidden states.</summary>
    public Tensor Apply(Tensor x)
    {
        if (Kind == CcsNorm.Leace)
            return (Eraser ?? throw new InvalidOperationException("leace normalisation without a fitted eraser")).Apply(x);
        using var scope = NewDisposeScope();
        var centred = x.shape[0] > 1 ? x - x.mean([0]) : x.alias();
        if (Kind == CcsNorm.MeanOnly) return centred.MoveToOuterDisposeScope();
        // Per-feature population std over examples, averaged over every axis but the template axis.
        var std = linalg.vector_norm(centred, dims: [0]) / MathF.Sqrt(centred.shape[0]);
        long[] dims = [.. Enumerable.Range(1, (int)std.dim() - 1).Select(i => (long)i)];
        var average = std.mean(dims, keepdim: true);
        return (centred / average).MoveToOuterDisposeScope();
    }
}
