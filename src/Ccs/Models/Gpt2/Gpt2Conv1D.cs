using static TorchSharp.torch;
using Ccs.Models.Layers;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Gpt2;

/// <summary>
/// transformers' <c>Conv1D</c> (pytorch_utils.py), GPT-2's linear layer with its weight stored transposed,
/// (in_features, out_features): <c>addmm(bias, x.view(-1, in), weight)</c>.
/// </summary>
public sealed class Gpt2Conv1D : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    public Gpt2Conv1D(long inFeatures, long outFeatures, ModelPlacement placement) : base(nameof(Gpt2Conv1D))
    {
        weight = Parameters.Empty(placement, inFeatures, outFeatures);
        bias = Parameters.Empty(placement, outFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var flat = input.reshape(-1, input.shape[^1]);
        using var output = addmm(bias, flat, weight, beta: 1, alpha: 1);
        return output.view([.. input.shape[..^1], weight.shape[1]]);
    }
}
