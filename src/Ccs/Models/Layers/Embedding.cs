using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch.nn;

namespace Ccs.Models.Layers;

/// <summary>
/// <c>nn.Embedding(count, dim)</c>: a row lookup in <c>weight</c>. <c>padding_idx</c> only matters for training
/// (it zeroes that row's gradient), so it has no counterpart here.
/// </summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public Embedding(long count, long dim, ModelPlacement placement) : base(nameof(Embedding))
    {
        weight = Parameters.Empty(placement, count, dim);
        RegisterComponents();
    }

    public Tensor Weight => weight;

    public long Count => weight.shape[0];

    public override Tensor forward(Tensor ids)
    {
        using var flat = ids.reshape(-1);
        using var rows = weight.index_select(0, flat);
        return rows.reshape([.. ids.shape, weight.shape[1]]);
    }
}
