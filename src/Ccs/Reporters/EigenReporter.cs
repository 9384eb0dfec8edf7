using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// The fitted VINC/CRC reporter (ccs/training/common.py, <c>Reporter</c>): LEACE-erase, project on the unit
/// eigenvector, Platt-scale (spec 5.5, "Scoring").
/// </summary>
/// <param name="Weight"><c>(1, d)</c> eigenvector of the largest eigenvalue, sign as the solver returned it</param>
/// <param name="Eigenvalues">all eigenvalues of the projected VINC matrix, ascending (diagnostic)</param>
public sealed record EigenReporter(Tensor Weight, LeaceEraser Eraser, Tensor Eigenvalues, float Scale = 1f, float PlattBias = 0f)
    : IFittedReporter
{
    /// <summary>Scores before Platt scaling: <c>eraser(x)·wᵀ</c>.</summary>
    public Tensor Raw(Tensor hiddens)
    {
        using var scope = NewDisposeScope();
        return Eraser.Apply(hiddens).matmul(Weight.T).squeeze(-1).MoveToOuterDisposeScope();
    }

    public Tensor Score(Tensor hiddens)
    {
        using var scope = NewDisposeScope();
        return Raw(hiddens).mul(Scale).add(PlattBias).MoveToOuterDisposeScope();
    }
}
