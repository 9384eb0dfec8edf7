using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Layers;

internal static class Parameters
{
    /// <summary>An uninitialised inference parameter; strict loading guarantees that it is overwritten.</summary>
    public static Parameter Empty(ModelPlacement placement, params long[] shape)
    {
        var parameter = new Parameter(empty(shape, placement.DType, placement.Device), requires_grad: false);
        // Owned by the module, not by a dispose scope the model happens to be built in.
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
