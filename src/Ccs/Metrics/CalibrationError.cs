namespace Ccs.Metrics;

/// <summary>
/// The <c>ece</c> column: the monotonic-sweep calibration error of Roelofs et al. (2020) with equal-mass bins and
/// p = 2, i.e. an RMS calibration error (ccs/metrics/calibration.py, <c>CalibrationError.compute</c>; spec 6.6).
/// </summary>
public static class CalibrationError
{
    /// <summary>The error and the number of bins the sweep chose (not written to CSVs).</summary>
    public static (double Ece, int Bins) Compute(int[] labels, float[] probabilities)
    {
        int n = probabilities.Length;
        if (labels.Length != n) throw new ArgumentException("labels and probabilities differ in length");
        if (n < 2) throw new ArgumentException("Not enough data to compute calibration error.");

        // The original sorts with an unstable sort; a stable one decides tied probabilities by position.
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(probabilities.ToArray(), order);
        var prefix = new int[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + labels[order[i]];

        int bestBins = 1;
        float[] bestFreqs = [prefix[n] / (float)n];
        for (int b = 2; b <= n; b++)
        {
            float[] freqs = BinMeans(prefix, n, b);
            bool monotonic = true;
            for (int i = 0; i < b && monotonic; i++)
                monotonic = freqs[i] * (1f - freqs[i]) != 0f && (i == 0 || freqs[i] > freqs[i - 1]);
            if (!monotonic) break;
            bestBins = b;
            bestFreqs = freqs;
        }

        double sum = 0;
        int start = 0;
        for (int i = 0; i < bestBins; i++)
        {
            int size = BinSize(n, bestBins, i);
            double conf = 0;
            for (int j = start; j < start + size; j++) conf += probabilities[order[j]];
            float meanConf = (float)(conf / size);
            float weight = (float)((double)size / n);
            float gap = bestFreqs[i] - meanConf;
            sum += weight * (double)(gap * gap);
            start += size;
        }
        return ((float)Math.Sqrt(sum), bestBins);
    }

    /// <summary><c>tensor_split(b)</c> sizes: the first n mod b parts get one extra item.</summary>
    private static int BinSize(int n, int bins, int i) => n / bins + (i < n % bins ? 1 : 0);

    private static float[] BinMeans(int[] prefix, int n, int bins)
    {
        var means = new float[bins];
        int start = 0;
        for (int i = 0; i < bins; i++)
        {
            int size = BinSize(n, bins, i);
            means[i] = (prefix[start + size] - prefix[start]) / (float)size;
            start += size;
        }
        return means;
    }
}
