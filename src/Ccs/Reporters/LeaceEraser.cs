using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// A fitted LEACE eraser (concept-erasure 0.1.0, concept_erasure/leace.py: <c>LeaceEraser</c>): the affine map
/// <c>x − ((x − bias)·proj_rightᵀ)·proj_leftᵀ</c> that removes every linear trace of a concept (spec 5.6).
/// </summary>
/// <param name="ProjLeft"><c>(d, c)</c></param>
/// <param name="ProjRight"><c>(c, d)</c></param>
/// <param name="Bias">the training mean <c>(d)</c>, which the erasure keeps</param>
public sealed record LeaceEraser(Tensor ProjLeft, Tensor ProjRight, Tensor Bias)
{
    /// <summary>Erases the concept from hidden states of any leading shape <c>(…, d)</c>.</summary>
    public Tensor Apply(Tensor x)
    {
        using var scope = NewDisposeScope();
        var delta = x - Bias;
        return (x - delta.matmul(ProjRight.T).matmul(ProjLeft.T)).MoveToOuterDisposeScope();
    }

    /// <summary>The projection matrix <c>P = I − proj_left·proj_right</c> (<c>(d, d)</c>).</summary>
    public Tensor Projection()
    {
        using var scope = NewDisposeScope();
        return (eye(ProjLeft.shape[0], dtype: ProjLeft.dtype, device: ProjLeft.device) - ProjLeft.matmul(ProjRight))
            .MoveToOuterDisposeScope();
    }
}
