using System.Globalization;
using Ccs.Runs;
using Ccs.Tests.Support;

namespace Ccs.Tests.Runs;

/// <summary>
/// The original's CSV files (written by pandas after <c>round(4)</c>) are reproduced byte for byte when their
/// values are written back through <see cref="MetricCsv"/>: rounding, number format, empty cells, line ends.
/// </summary>
public class MetricCsvParityTests
{
    public static TheoryData<string> ReferenceCsvFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(SharedMaterial.Path("reporter-reference", "cases"), "*.csv", SearchOption.AllDirectories)
                     .Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(SharedMaterial.Path("reporter-reference", "cases"), file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCsvFiles))]
    public void Rewriting_the_values_reproduces_the_file(string relativePath)
    {
        string source = Path.Combine(SharedMaterial.Path("reporter-reference", "cases"), relativePath);
        string[] lines = File.ReadAllText(source).Split('\n');
        Assert.Equal("", lines[^1]);
        string[] header = lines[0].Split(',');
        var rows = lines[1..^1].Select(line => line.Split(',').Select((cell, i) => Parse(header[i], cell)).ToList()).ToList();

        string written = Path.Combine(Path.GetTempPath(), $"ccs-csv-{Guid.NewGuid():N}.csv");
        try
        {
            MetricCsv.Write(written, header, rows);
            Assert.Equal(File.ReadAllText(source), File.ReadAllText(written));
        }
        finally
        {
            File.Delete(written);
        }
    }

    [Fact]
    public void There_are_reference_files() => Assert.True(ReferenceCsvFiles().Count >= 8);

    private static object? Parse(string column, string cell) =>
        cell == "" ? null
        : column is "dataset" or "ensembling" ? cell
        : column is "layer" or "inlp_iter" ? (object)long.Parse(cell, CultureInfo.InvariantCulture)
        : double.Parse(cell, CultureInfo.InvariantCulture);

    // Expected values from CPython 3.11: round(x * 10**4) / 10**4, the same IEEE steps as numpy.round(x, 4).
    [Theory]
    [InlineData(0.12345, 0.1234)]     // scaled: 1234.5 exactly -> half to even
    [InlineData(0.00005, 0.0)]        // scaled: 0.5 -> 0
    [InlineData(0.81255, 0.8126)]     // scaled: 8125.5 -> 8126
    [InlineData(0.00015, 0.0001)]     // scaled: 1.4999999999999998
    [InlineData(1.00005, 1.0001)]     // scaled: 10000.500000000002
    [InlineData(0.99995, 1.0)]        // scaled: 9999.5 -> 10000
    public void Numpy_rounding_scales_then_rounds_half_to_even(double value, double expected) =>
        Assert.Equal(expected, PythonNumbers.Round(value, 4));
}
