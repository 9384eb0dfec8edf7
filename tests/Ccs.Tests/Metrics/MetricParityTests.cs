using Ccs.Runs;
using System.Globalization;
using System.Text.Json;
using Ccs.Metrics;
using Ccs.Tests.Support;

namespace Ccs.Tests.Metrics;

/// <summary>
/// Every <c>reporter-reference/metrics/*.json</c>: fixed labels and float32 scores with the original's
/// <c>evaluate_preds</c> outputs (float32 arithmetic, CPU bootstrap) and the values under the recommended fixes.
/// </summary>
public class MetricParityTests
{
    private const double FullPrecision = 2e-6;   // float32 arithmetic of the original
    private const double CsvRounded = 1.01e-4;   // one unit of the 4th decimal

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string folder = SharedMaterial.Path("reporter-reference", "metrics");
        foreach (string file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            foreach (JsonElement c in Load(file).GetProperty("cases").EnumerateArray())
                data.Add(Path.GetFileName(file), c.GetProperty("name").GetString()!);
        Assert.NotEmpty(data);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bootstrap_indices_are_the_seeded_cpu_generators(string file, string caseName)
    {
        JsonElement c = Case(file, caseName);
        int n = c.GetProperty("n").GetInt32();
        JsonElement check = c.GetProperty("bootstrap_indices_check");
        int[] idx = ClusterBootstrap.Indices(n);
        Assert.Equal(Ints(check.GetProperty("row0_first20")), idx[..20]);
        Assert.Equal(Ints(check.GetProperty("row999_last5")), idx[^5..]);
        Assert.Equal(check.GetProperty("sum_all").GetInt64(), idx.Sum(i => (long)i));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_mode_matches_the_original_and_the_recommended_values(string file, string caseName)
    {
        JsonElement c = Case(file, caseName);
        bool ties = caseName.Contains("ties", StringComparison.Ordinal);
        int[] labels = Ints(c.GetProperty("labels"));
        ScoreGrid scores = Scores(c);
        var failures = new List<string>();
        foreach (Ensembling mode in EnsemblingNames.All)
        {
            JsonElement expected = c.GetProperty("modes").GetProperty(mode.CsvName());
            foreach (var (variant, rules) in new[] { ("original", MetricRules.Original), ("recommended", MetricRules.Recommended) })
            {
                EvalResult got = Evaluator.Evaluate(labels, scores, mode, rules);
                // With tied scores the original's AUROC and both ece values depend on an unstable sort's order.
                bool skipAuroc = ties && variant == "original";
                Compare(failures, $"{mode.CsvName()}/{variant}", expected.GetProperty(variant), got, skipAuroc, skipEce: ties);
                Compare(failures, $"{mode.CsvName()}/{variant}_csv_row", expected.GetProperty(variant + "_csv_row"), got, skipAuroc, ties);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static void Compare(List<string> failures, string where, JsonElement expected, EvalResult got, bool skipAuroc, bool skipEce)
    {
        bool rounded = where.EndsWith("_csv_row", StringComparison.Ordinal);
        foreach (var (column, value) in got.CsvColumns())
        {
            if (skipAuroc && column.StartsWith("auroc", StringComparison.Ordinal)) continue;
            if (skipEce && column == "ece") continue;
            double want = rounded ? expected.GetProperty(column).GetDouble() : Nested(expected, column);
            double have = rounded ? PythonNumbers.Round(value!.Value, 4) : value!.Value;
            double tolerance = rounded ? CsvRounded : FullPrecision;
            if (!(Math.Abs(want - have) <= tolerance))
                failures.Add($"{where} {column}: expected {want.ToString("R", CultureInfo.InvariantCulture)}, got {have.ToString("R", CultureInfo.InvariantCulture)}");
        }
        if (!rounded && !skipEce && expected.GetProperty("ece_num_bins").GetInt32() != got.EceBins)
            failures.Add($"{where} ece_num_bins: expected {expected.GetProperty("ece_num_bins")}, got {got.EceBins}");
    }

    /// <summary>The full-precision layout: <c>{"auroc": {"estimate": …}, "ece": …, "cal_thresh": …}</c>.</summary>
    private static double Nested(JsonElement result, string column)
    {
        if (column is "ece" or "cal_thresh") return result.GetProperty(column).GetDouble();
        int split = column.LastIndexOf('_');
        return result.GetProperty(column[..split]).GetProperty(column[(split + 1)..]).GetDouble();
    }

    private static ScoreGrid Scores(JsonElement c)
    {
        int n = c.GetProperty("n").GetInt32(), v = c.GetProperty("v").GetInt32(), k = c.GetProperty("c").GetInt32();
        var values = c.GetProperty("scores").EnumerateArray()
            .SelectMany(e => e.EnumerateArray()).SelectMany(e => e.EnumerateArray())
            .Select(s => float.Parse(s.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        return new ScoreGrid(values, n, v, k);
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    private static JsonElement Case(string file, string name) =>
        Load(SharedMaterial.Path("reporter-reference", "metrics", file)).GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == name);

    private static JsonElement Load(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;
}
