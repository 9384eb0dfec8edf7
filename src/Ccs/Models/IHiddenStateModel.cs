using static TorchSharp.torch;

namespace Ccs.Models;

/// <summary>
/// A loaded model seen the way the tool uses it: token ids and an attention mask in, the hidden states of the
/// embedding output and of every layer out, as transformers returns them with <c>output_hidden_states=True</c>.
/// </summary>
public interface IHiddenStateModel : IDisposable
{
    ModelConfig Config { get; }

    ModelPlacement Placement { get; }

    /// <summary>
    /// Runs the model under inference mode. <paramref name="inputIds"/> and <paramref name="attentionMask"/> are
    /// (batch, sequence) integer tensors on <see cref="Placement"/>'s device, padded on either side with mask 0.
    /// Returns <c>Config.NumHiddenStates</c> tensors of shape (batch, sequence, hidden) in the model's dtype:
    /// index 0 is the embedding output, index i the output of layer i (for pre-norm architectures the last one
    /// after the final norm, as transformers does). Values at padded positions are unspecified. The tensors
    /// belong to the caller's dispose scope.
    /// </summary>
    Tensor[] HiddenStates(Tensor inputIds, Tensor attentionMask);
}
