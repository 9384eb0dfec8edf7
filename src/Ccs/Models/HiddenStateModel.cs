using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models;

/// <summary>
/// Base of every architecture's top-level module: checks the inputs once and runs the forward pass under
/// inference mode, so no architecture can forget either.
/// </summary>
public abstract class HiddenStateModel(string name, ModelConfig config, ModelPlacement placement)
    : nn.Module(name), IHiddenStateModel
{
    public ModelConfig Config { get; } = config;

    public ModelPlacement Placement { get; } = placement;

    public Tensor[] HiddenStates(Tensor inputIds, Tensor attentionMask)
    {
        if (inputIds.dim() != 2 || !inputIds.shape.SequenceEqual(attentionMask.shape))
            throw new ArgumentException(
                $"input ids [{string.Join(", ", inputIds.shape)}] and attention mask [{string.Join(", ", attentionMask.shape)}] must both be (batch, sequence)");
        if (inputIds.shape[1] > MaxSequenceLength)
            throw new CcsException(ExitCode.BadInput,
                $"{Config.ModelType} model: a sequence of {inputIds.shape[1]} tokens is longer than the {MaxSequenceLength} it supports");
        using var inference = torch.inference_mode();
        return Forward(inputIds, attentionMask);
    }

    /// <summary>The longest sequence the position embeddings cover (<see cref="int.MaxValue"/> when unbounded).</summary>
    protected abstract long MaxSequenceLength { get; }

    /// <summary>The forward pass proper; see <see cref="IHiddenStateModel.HiddenStates"/>.</summary>
    protected abstract Tensor[] Forward(Tensor inputIds, Tensor attentionMask);
}
