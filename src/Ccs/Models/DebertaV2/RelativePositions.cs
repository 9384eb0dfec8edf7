using static TorchSharp.torch;

namespace Ccs.Models.DebertaV2;

/// <summary>DeBERTa-v2's relative positions, query index minus key index, optionally log-bucketed.</summary>
public static class RelativePositions
{
    /// <summary>
    /// modeling_deberta_v2.py <c>build_relative_position</c>: (1, queries, keys) int64 of q - k, passed through
    /// <see cref="LogBuckets"/> when <paramref name="bucketSize"/> and <paramref name="maxPosition"/> are positive.
    /// </summary>
    public static Tensor Build(long queries, long keys, int bucketSize, int maxPosition, Device device)
    {
        using var scope = NewDisposeScope();
        var q = arange(queries, ScalarType.Int64, device);
        var k = arange(keys, ScalarType.Int64, device);
        var relative = q.unsqueeze(1) - k.unsqueeze(0);
        if (bucketSize > 0 && maxPosition > 0) relative = LogBuckets(relative, bucketSize, maxPosition).to(ScalarType.Int64);
        return relative.unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// modeling_deberta_v2.py <c>make_log_bucket_position</c>, in the same float32 arithmetic: distances within
    /// ±bucket/2 stay exact, longer ones map to mid + ceil(log(|d|/mid) / log((max-1)/mid) · (mid-1)) with the sign
    /// of d. (The whole float32 detail matters: ceil turns a last-bit difference into a different bucket.)
    /// </summary>
    public static Tensor LogBuckets(Tensor relative, int bucketSize, int maxPosition)
    {
        using var scope = NewDisposeScope();
        long mid = bucketSize / 2;
        var sign = relative.sign();
        var near = relative.lt(mid).logical_and(relative.gt(-mid));
        var absolute = where(near, full_like(relative, mid - 1), relative.abs());
        // abs_pos / mid: integer tensor / int promotes to the default float type, float32.
        var ratio = absolute.to(ScalarType.Float32) / (float)mid;
        // torch.log(torch.tensor((max_position - 1) / mid)): a Python float stored as a float32 tensor.
        var logSpan = tensor((float)((maxPosition - 1) / (double)mid)).log();
        var logPosition = (ratio.log() / logSpan * (float)(mid - 1)).ceil() + (float)mid;
        var bucketed = where(absolute.le(mid), relative.to(ScalarType.Float32), logPosition * sign.to(ScalarType.Float32));
        return bucketed.MoveToOuterDisposeScope();
    }
}
