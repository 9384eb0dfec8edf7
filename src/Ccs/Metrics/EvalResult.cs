namespace Ccs.Metrics;

/// <summary>A point estimate with its 95 % bootstrap interval (spec 6.3).</summary>
public sealed record MetricInterval(double Estimate, double Lower, double Upper);

/// <summary>
/// Everything <c>evaluate_preds</c> reports for one (scores, mode): AUROC and accuracy always; calibrated accuracy,
/// the calibration error (<c>ece</c>, with the number of bins the sweep chose) and the threshold only for two choices.
/// </summary>
public sealed record EvalResult(
    MetricInterval Auroc,
    MetricInterval Accuracy,
    MetricInterval? CalibratedAccuracy,
    double? Ece,
    int? EceBins,
    double? CalibrationThreshold)
{
    /// <summary>The metric columns of the original's CSV files, in its order (spec 9.5); null = empty field.</summary>
    public IReadOnlyList<KeyValuePair<string, double?>> CsvColumns()
    {
        var columns = new List<KeyValuePair<string, double?>>
        {
            new("auroc_estimate", Auroc.Estimate), new("auroc_lower", Auroc.Lower), new("auroc_upper", Auroc.Upper),
        };
        if (CalibratedAccuracy is { } cal)
        {
            columns.Add(new("cal_acc_estimate", cal.Estimate));
            columns.Add(new("cal_acc_lower", cal.Lower));
            columns.Add(new("cal_acc_upper", cal.Upper));
        }
        columns.Add(new("acc_estimate", Accuracy.Estimate));
        columns.Add(new("acc_lower", Accuracy.Lower));
        columns.Add(new("acc_upper", Accuracy.Upper));
        if (CalibratedAccuracy is not null) columns.Add(new("ece", Ece));
        columns.Add(new("cal_thresh", CalibrationThreshold));
        return columns;
    }
}
