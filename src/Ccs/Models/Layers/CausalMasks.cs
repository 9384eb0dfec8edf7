using static TorchSharp.torch;

namespace Ccs.Models.Layers;

public static class CausalMasks
{
    /// <summary>
    /// The additive mask of transformers' <c>_prepare_4d_causal_attention_mask_with_cache_position</c>
    /// (modeling_llama.py; Mistral's adds the sliding window): (batch, 1, queries, keys), 0 where query
    /// <c>queryStart + i</c> may attend to key <c>j</c> and <c>finfo(dtype).min</c> elsewhere. A key is visible when
    /// its <paramref name="keyMask"/> entry is 1, <c>j ≤ queryStart + i</c>, and, with a window,
    /// <c>j &gt; queryStart + i − window</c> (Mistral's <c>sliding_attend_mask</c>). Indices are array indices, as
    /// in transformers, so a left-padded row is windowed over the padded array. A finite minimum keeps rows
    /// with no visible key (padding queries) finite.
    /// </summary>
    /// <param name="keyMask">(batch, keys) integer attention mask over every key (cached ones first).</param>
    /// <param name="queryStart">array index of the first query (the number of cached keys).</param>
    /// <param name="queryLength">number of queries.</param>
    public static Tensor Bias(Tensor keyMask, long queryStart, long queryLength, int? slidingWindow, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        long keys = keyMask.shape[1];
        var device = keyMask.device;
        var query = arange(queryStart, queryStart + queryLength, ScalarType.Int64, device).unsqueeze(1);
        var key = arange(keys, ScalarType.Int64, device).unsqueeze(0);
        var visible = key.le(query);
        if (slidingWindow is int window) visible = visible.logical_and(key.gt(query - window));
        var allowed = visible.unsqueeze(0).logical_and(keyMask.ne(0).unsqueeze(1)).unsqueeze(1);
        var bias = zeros(allowed.shape, dtype, device).masked_fill(allowed.logical_not(), finfo(dtype).min);
        return bias.MoveToOuterDisposeScope();
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
