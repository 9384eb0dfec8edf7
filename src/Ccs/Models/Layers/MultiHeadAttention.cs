using Ccs.Models.Decoding;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.Layers;

/// <summary>The head bookkeeping and the attention call shared by the decoder architectures.</summary>
public static class MultiHeadAttention
{
    /// <summary>(batch, sequence, heads · head_dim) → (batch, heads, sequence, head_dim), as <c>view(...).transpose(1, 2)</c>.</summary>
    public static Tensor SplitHeads(Tensor x, long heads, long headDim) =>
        x.view(x.shape[0], x.shape[1], heads, headDim).transpose(1, 2);

    /// <summary>(batch, heads, sequence, head_dim) → (batch, sequence, heads · head_dim), as <c>transpose(1, 2).reshape(...)</c>.</summary>
    public static Tensor MergeHeads(Tensor x) =>
        x.transpose(1, 2).reshape(x.shape[0], x.shape[2], x.shape[1] * x.shape[3]);

    /// <summary>
    /// Self-attention of a decoder layer given its rotated queries, keys and values: key/value heads are repeated for grouped-query attention (modeling_llama.py
    /// <c>repeat_kv</c>: query head h reads key/value head h / (heads / kv_heads)), and
    /// <c>scaled_dot_product_attention</c> applies <paramref name="step"/>'s additive mask, or its own causal one when the
    /// step has none. Its built-in scale is
    /// 1/sqrt(head_dim), transformers' <c>self.scaling</c>; another <paramref name="scale"/> is folded into the queries.
    /// Returns (batch, sequence, heads · head_dim).
    /// </summary>
    public static Tensor Attend(Tensor queries, Tensor keys, Tensor values, DecoderStep step, double? scale = null)
    {
        using var scope = NewDisposeScope();
        long repeats = queries.shape[1] / keys.shape[1];
        keys = RepeatKeyValue(keys, repeats);
        values = RepeatKeyValue(values, repeats);
        if (scale is double s) queries = queries * (s * Math.Sqrt(queries.shape[3]));
        var context = nn.functional.scaled_dot_product_attention(queries, keys, values, step.AttentionBias, is_casual: step.AttentionBias is null);
        return MergeHeads(context).MoveToOuterDisposeScope();
    }

    /// <summary>modeling_llama.py <c>repeat_kv</c>: (batch, kv, s, d) → (batch, kv · n, s, d), each head repeated n times in place.</summary>
    public static Tensor RepeatKeyValue(Tensor x, long repeats)
    {
        if (repeats == 1) return x.alias();
        long batch = x.shape[0], kv = x.shape[1], length = x.shape[2], dim = x.shape[3];
        return x.unsqueeze(2).expand(batch, kv, repeats, length, dim).reshape(batch, kv * repeats, length, dim);
    }
}
