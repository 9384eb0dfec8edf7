using TorchSharp;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using Linear = Ccs.Models.Layers.Linear;
using MultiHeadAttention = Ccs.Models.Layers.MultiHeadAttention;

namespace Ccs.Models.T5;

/// <summary>
/// modeling_t5.py <c>T5Attention</c>: q/k/v/o without biases and without 1/sqrt(d_kv) scaling; the position
/// bias (with the mask folded in) is added to the scores. Only the first layer of each stack owns
/// <c>relative_attention_bias</c>; the stack computes the bias once from it and every layer reuses it.
/// </summary>
public sealed class T5Attention : nn.Module
{
    private readonly Linear q;
    private readonly Linear k;
    private readonly Linear v;
    private readonly Linear o;
    private readonly Embedding? relative_attention_bias;
    private readonly T5Config _config;

    public T5Attention(T5Config config, bool hasRelativeAttentionBias, ModelPlacement placement) : base(nameof(T5Attention))
    {
        _config = config;
        q = new Linear(config.HiddenSize, config.InnerDim, hasBias: false, placement);
        k = new Linear(config.HiddenSize, config.InnerDim, hasBias: false, placement);
        v = new Linear(config.HiddenSize, config.InnerDim, hasBias: false, placement);
        o = new Linear(config.InnerDim, config.HiddenSize, hasBias: false, placement);
        relative_attention_bias = hasRelativeAttentionBias
            ? new Embedding(config.RelativeAttentionNumBuckets, config.NumHeads, placement)
            : null;
        RegisterComponents();
    }

    /// <summary>
    /// Attention of <paramref name="hidden"/> over <paramref name="keyValueStates"/> (itself for self-attention)
    /// with the additive <paramref name="positionBias"/> (batch or 1, heads, queries, keys).
    /// </summary>
    public Tensor Forward(Tensor hidden, Tensor keyValueStates, Tensor positionBias)
    {
        using var scope = NewDisposeScope();
        long heads = _config.NumHeads, dKv = _config.DKv;
        var queries = MultiHeadAttention.SplitHeads(q.call(hidden), heads, dKv);
        var keys = MultiHeadAttention.SplitHeads(k.call(keyValueStates), heads, dKv);
        var values = MultiHeadAttention.SplitHeads(v.call(keyValueStates), heads, dKv);
        // T5 does not scale the scores; SDPA's 1/sqrt(d_kv) is undone on the queries.
        queries = queries * Math.Sqrt(dKv);
        var context = nn.functional.scaled_dot_product_attention(queries, keys, values, positionBias);
        return o.call(MultiHeadAttention.MergeHeads(context)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>compute_bias</c>: the learned bias (1, heads, queries, keys) of each query/key distance bucket,
    /// relative positions <c>key index − query index</c>.
    /// </summary>
    public Tensor ComputeBias(long queryLength, long keyLength, bool bidirectional)
    {
        if (relative_attention_bias is null) throw new InvalidOperationException("only the first layer of a T5 stack has relative_attention_bias");
        using var scope = NewDisposeScope();
        var device = relative_attention_bias.Weight.device;
        var context = arange(queryLength, ScalarType.Int64, device).unsqueeze(1);
        var memory = arange(keyLength, ScalarType.Int64, device).unsqueeze(0);
        var buckets = RelativePositionBucket(memory - context, bidirectional, _config.RelativeAttentionNumBuckets, _config.RelativeAttentionMaxDistance);
        return relative_attention_bias.call(buckets).permute(2, 0, 1).unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>_relative_position_bucket</c>: exact buckets for distances below half the buckets (per direction when
    /// bidirectional), logarithmic ones up to <c>max_distance</c>, computed in float32 and truncated as there.
    /// </summary>
    public static Tensor RelativePositionBucket(Tensor relativePosition, bool bidirectional, int numBuckets, int maxDistance)
    {
        using var scope = NewDisposeScope();
        var buckets = zeros_like(relativePosition);
        if (bidirectional)
        {
            numBuckets /= 2;
            buckets = buckets + relativePosition.gt(0).to(ScalarType.Int64) * numBuckets;
            relativePosition = relativePosition.abs();
        }
        else
        {
            relativePosition = relativePosition.clamp_max(0).neg();
        }
        int maxExact = numBuckets / 2;
        var isSmall = relativePosition.lt(maxExact);
        var large = (relativePosition.to(ScalarType.Float32) / (double)maxExact).log()
                    / Math.Log((double)maxDistance / maxExact) * (double)(numBuckets - maxExact);
        var largeBuckets = (large.to(ScalarType.Int64) + maxExact).clamp_max(numBuckets - 1);
        return (buckets + where(isSmall, relativePosition, largeBuckets)).MoveToOuterDisposeScope();
    }
}
