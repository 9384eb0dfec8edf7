using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>
/// A fitted, immutable reporter: maps hidden states <c>(…, d)</c> to one Platt-scaled log-odds per hidden state
/// <c>(…)</c>, "credence that this (question, answer) statement is true" (spec 5.1).
/// </summary>
public interface IFittedReporter
{
    /// <summary>Log-odds for every hidden state; the caller owns the returned tensor.</summary>
    Tensor Score(Tensor hiddens);
}
