using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Layers;

/// <summary>
/// <c>nn.Linear</c> with uninitialised parameters (<c>weight</c> (out, in), optional <c>bias</c>): every value
/// comes from the checkpoint, so the random initialisation of TorchSharp's Linear would be wasted work.
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    public Linear(long inFeatures, long outFeatures, bool hasBias, ModelPlacement placement) : base(nameof(Linear))
    {
        weight = Parameters.Empty(placement, outFeatures, inFeatures);
        bias = hasBias ? Parameters.Empty(placement, outFeatures) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => functional.linear(input, weight, bias);
}
