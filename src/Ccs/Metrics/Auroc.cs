namespace Ccs.Metrics;

/// <summary>
/// Area under the ROC curve with ties counted ½ (Mann–Whitney U / (P·N)), fix 10.B17, with the original's
/// cluster-bootstrap interval (ccs/metrics/roc_auc.py, <c>roc_auc_ci</c>).
/// </summary>
/// <remarks>
/// The original sorts the scores with an unstable descending sort and sums <c>TPR_i·(FPR_{i+1} − FPR_i)</c>: tied
/// scores of different classes get no half credit and count in whatever order the sort left them, so on ties its
/// value is arbitrary. On distinct scores both definitions are the same number (the original's float32 sums differ
/// by ~1e-7). NaN when one class is absent, as in the original.
/// </remarks>
public static class Auroc
{
    /// <summary>Tie-aware AUROC of <paramref name="scores"/> against binary <paramref name="positive"/> targets.</summary>
    public static double Estimate(float[] scores, bool[] positive)
    {
        var ranked = new RankedItems(scores, positive, 1);
        return ranked.Auc(null);
    }

    /// <summary>
    /// The estimate over all items and the 2.5/97.5 % bounds over 1000 cluster resamples; items are
    /// <c>clusters × clusterSize</c>, cluster-major. Each resample is scored by weighting the items of the once-sorted
    /// full set with their cluster's multiplicity, which equals sorting the resampled items.
    /// </summary>
    public static MetricInterval WithInterval(float[] scores, bool[] positive, int clusters)
    {
        if (scores.Length != positive.Length || scores.Length % clusters != 0)
            throw new ArgumentException("scores and targets must have the same clusters × cluster-size shape");
        var ranked = new RankedItems(scores, positive, scores.Length / clusters);
        double estimate = ranked.Auc(null);

        int[] indices = ClusterBootstrap.Indices(clusters);
        var counts = new int[clusters];
        var values = new float[ClusterBootstrap.Resamples];
        for (int b = 0; b < values.Length; b++)
        {
            ClusterBootstrap.Counts(indices, clusters, b, counts);
            values[b] = (float)ranked.Auc(counts);
        }
        var (lower, upper) = ClusterBootstrap.Bounds(values);
        return new MetricInterval(estimate, lower, upper);
    }

    /// <summary>The items sorted once by score, with the boundaries of tied runs.</summary>
    private sealed class RankedItems
    {
        private readonly int[] _order;
        private readonly int[] _runEnds;
        private readonly bool[] _positive;
        private readonly int _clusterSize;

        public RankedItems(float[] scores, bool[] positive, int clusterSize)
        {
            if (scores.Any(float.IsNaN)) throw new ArgumentException("AUROC scores contain NaN");
            _positive = positive;
            _clusterSize = clusterSize;
            _order = Enumerable.Range(0, scores.Length).ToArray();
            Array.Sort(scores.ToArray(), _order);
            var ends = new List<int>();
            for (int i = 1; i <= _order.Length; i++)
                if (i == _order.Length || scores[_order[i]] != scores[_order[i - 1]]) ends.Add(i);
            _runEnds = [.. ends];
        }

        /// <summary>U/(P·N) with every item weighted by its cluster's count (null = weight 1).</summary>
        public double Auc(int[]? clusterCounts)
        {
            double u = 0, negativesBelow = 0, positives = 0;
            int start = 0;
            foreach (int end in _runEnds)
            {
                double pos = 0, neg = 0;
                for (int i = start; i < end; i++)
                {
                    int item = _order[i];
                    double w = clusterCounts is null ? 1 : clusterCounts[item / _clusterSize];
                    if (_positive[item]) pos += w; else neg += w;
                }
                u += pos * (negativesBelow + 0.5 * neg);
                negativesBelow += neg;
                positives += pos;
                start = end;
            }
            return positives == 0 || negativesBelow == 0 ? double.NaN : u / (positives * negativesBelow);
        }
    }
}
