namespace Ccs.Plotting;

/// <summary>
/// The mean pandas takes in <c>pivot_table</c> and <c>groupby().mean()</c>: NaN values are skipped, the sum is
/// Kahan-compensated (<c>pandas/_libs/groupby.pyx</c>, <c>group_mean</c>), and an empty group is NaN.
/// </summary>
public static class PandasMean
{
    public static double Of(IEnumerable<double> values)
    {
        double sum = 0, compensation = 0;
        long count = 0;
        foreach (double value in values)
        {
            if (double.IsNaN(value)) continue;
            double y = value - compensation;
            double t = sum + y;
            compensation = t - sum - y;
            if (double.IsNaN(compensation)) compensation = 0; // an infinite value: pandas resets it too
            sum = t;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }
}
