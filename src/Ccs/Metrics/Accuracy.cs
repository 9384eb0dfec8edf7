namespace Ccs.Metrics;

/// <summary>Accuracy with its cluster-bootstrap interval (ccs/metrics/accuracy.py, <c>accuracy_ci</c>).</summary>
public static class Accuracy
{
    /// <summary>
    /// <paramref name="truth"/> and <paramref name="predicted"/> hold <c>clusters × clusterSize</c> items, cluster-major;
    /// the estimate is over all items, the interval resamples whole clusters. Float32 means as the original.
    /// </summary>
    public static MetricInterval WithInterval(int[] truth, int[] predicted, int clusters)
    {
        if (truth.Length != predicted.Length || truth.Length % clusters != 0)
            throw new ArgumentException("truth and predictions must have the same clusters × cluster-size shape");
        int size = truth.Length / clusters;
        var hits = new int[clusters];
        int total = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if (truth[i] != predicted[i]) continue;
            hits[i / size]++;
            total++;
        }
        float items = truth.Length;
        double estimate = total / items;

        int[] indices = ClusterBootstrap.Indices(clusters);
        var values = new float[ClusterBootstrap.Resamples];
        for (int b = 0; b < values.Length; b++)
        {
            int sum = 0, start = b * clusters;
            for (int k = 0; k < clusters; k++) sum += hits[indices[start + k]];
            values[b] = sum / items;
        }
        var (lower, upper) = ClusterBootstrap.Bounds(values);
        return new MetricInterval(estimate, lower, upper);
    }
}
