using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.Layers;

public static class CausalMasks
{
    /// <summary>
    /// The additive mask of transformers' <c>_prepare_4d_causal_attention_mask_with_cache_position</c>
    /// (modeling_llama.py; Mistral's adds the sliding window) for rows without cached keys: (batch, 1, length,
    /// length), 0 where query <c>i</c> may attend to key <c>j</c> and <c>finfo(dtype).min</c> elsewhere. A key is
    /// visible when its <paramref name="keyMask"/> entry is 1, <c>j ≤ i</c>, and, with a window,
    /// <c>j &gt; i − window</c> (Mistral's <c>sliding_attend_mask</c>). Indices are array indices, as in
    /// transformers, so a left-padded row is windowed over the padded array.
    /// </summary>
    /// <param name="keyMask">(batch, length) integer attention mask.</param>
    public static Tensor Bias(Tensor keyMask, int? slidingWindow, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        long length = keyMask.shape[1];
        var device = keyMask.device;
        var query = arange(length, ScalarType.Int64, device).unsqueeze(1);
        var key = arange(length, ScalarType.Int64, device).unsqueeze(0);
        var visible = key.le(query);
        if (slidingWindow is int window) visible = visible.logical_and(key.gt(query - window));
        var allowed = visible.unsqueeze(0).logical_and(keyMask.ne(0).unsqueeze(1)).unsqueeze(1);
        return Additive(allowed.logical_not(), dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// An additive attention mask from a pattern of hidden keys: 0 where visible, <c>finfo(dtype).min</c> where
    /// <paramref name="blocked"/>. A finite minimum keeps rows with no visible key (padding queries) finite. The
    /// scalar is held until the call returns (see Reporters/HeldScalars.cs for why a temporary is not safe).
    /// </summary>
    public static Tensor Additive(Tensor blocked, ScalarType dtype)
    {
        using Scalar minimum = finfo(dtype).min.ToScalar();
        return zeros(blocked.shape, dtype, blocked.device).masked_fill(blocked, minimum);
    }

    /// <summary>
    /// The position ids transformers' generation passes for a padded batch (<c>cumsum(mask) − 1</c>, padding set to
    /// 1; the reference files were made the same way): real tokens are numbered from 0 on either padding side.
    /// </summary>
    public static Tensor PositionIds(Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var positions = attentionMask.to(ScalarType.Int64).cumsum(1) - 1;
        return positions.masked_fill(attentionMask.eq(0), 1).MoveToOuterDisposeScope();
    }
}
