using static TorchSharp.torch;

namespace Ccs.Models.Layers;

public static class AttentionMasks
{
    /// <summary>Whether any position of the (batch, sequence) integer mask is padding (0).</summary>
    public static bool HasPadding(Tensor attentionMask)
    {
        using var smallest = attentionMask.min();
        return smallest.item<long>() == 0;
    }

    /// <summary>
    /// The additive key-padding mask of transformers' <c>get_extended_attention_mask</c> (modeling_utils.py):
    /// (batch, 1, 1, keys), 0 where the mask is 1 and <c>finfo(dtype).min</c> where it is 0. A finite minimum
    /// (not -inf) keeps a fully padded row finite, as in transformers.
    /// </summary>
    public static Tensor KeyPaddingBias(Tensor attentionMask, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var keep = attentionMask.to(dtype).unsqueeze(1).unsqueeze(2);
        return ((1.0 - keep) * finfo(dtype).min).MoveToOuterDisposeScope();
    }
}
