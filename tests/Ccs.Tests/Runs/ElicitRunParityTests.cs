using System.Globalization;
using System.Text.Json;
using Ccs.Tests.Checkpoints;
using Ccs.Tests.Reporters;

namespace Ccs.Tests.Runs;

/// <summary>
/// <c>ccs elicit</c> end to end on the reference hidden states, for every eigen case (with LR other than cv) of
/// <c>reporter-reference/cases</c> (run with the case's own command line): the four CSVs it writes must equal the
/// case's <c>recommended/</c> files (the spec's fixes, which the runs implement) within the case tolerances, and
/// <c>ccs eval</c> of that run on the same validation data must reproduce them from the saved checkpoints.
/// </summary>
/// <remarks>
/// CCS cases and the cv LR case are not run here: their fits (ten L-BFGS tries per layer; 55 warm-started LR fits)
/// take minutes each on two cores, and the run hands their options to the same <c>LayerTraining.Fit</c> whose
/// results <see cref="ReporterParityTests"/> compares with these files layer by layer. A case whose <c>net</c> is
/// neither is a failure.
/// </remarks>
public class ElicitRunParityTests
{
    private const double Rounding = 1.01e-4;
    private static readonly string[] Files = ["eval.csv", "train_eval.csv", "lr_eval.csv", "train_lr_eval.csv"];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string name in ReferenceCase.All())
        {
            string net = ReferenceCase.Get(name).Config.GetProperty("net").GetString()!;
            Assert.True(net is "eigen" or "ccs", $"case {name}: unknown net '{net}'");
            string supervised = ReferenceCase.Get(name).Config.GetProperty("supervised").GetString()!;
            if (net == "eigen" && supervised != "cv") data.Add(name);
        }
        Assert.NotEmpty(data);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Elicit_writes_the_recommended_csvs_and_eval_reproduces_them(string name)
    {
        ReferenceCase c = ReferenceCase.Get(name);
        using var temp = new TempFolder();
        string run = temp.File("run");
        string command = c.Config.GetProperty("command").GetString()!;
        Assert.StartsWith("ccs ", command);
        RunHarness.Result result = RunHarness.Elicit($"{command[4..]} --out_dir {run}");
        Assert.Equal(0, result.Code);

        var failures = new List<string>();
        foreach (string file in Files) Compare(c, file, CsvTable.Read(Path.Combine(run, file)), failures);
        var (unexpected, stale) = KnownGaps.Check(name, KnownGaps.Csv, failures);
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Concat(stale)));

        // Transfer evaluation on the same validation split: the checkpoints must give the very same rows.
        string layers = string.Join(' ', c.Layers);
        Assert.Equal(0, RunHarness.Eval($"eval {run} all-MiniLM-L6-v2 imdb --max_examples {c.TrainRows} {c.ValRows} --layers {layers}").Code);
        string transfer = Path.Combine(run, "transfer", "imdb");
        AssertSameRows(CsvTable.Read(Path.Combine(run, "eval.csv")), CsvTable.Read(Path.Combine(transfer, "eval.csv")), ignore: "train_loss");
        AssertSameRows(CsvTable.Read(Path.Combine(run, "lr_eval.csv")), CsvTable.Read(Path.Combine(transfer, "lr_eval.csv")), ignore: null);
        Assert.Equal("ensembling,inlp_iter,dataset,layer", string.Join(',', CsvTable.Read(Path.Combine(transfer, "lr_eval.csv")).Header.Take(4)));
        Assert.False(File.Exists(Path.Combine(transfer, "train_eval.csv")));
    }

    /// <summary>Header, row keys and order exactly; every value within rounding + the case tolerance (ties.json rules).</summary>
    private static void Compare(ReferenceCase c, string file, CsvTable own, List<string> failures)
    {
        CsvTable reference = CsvTable.Read(Path.Combine(c.Dir, "recommended", file));
        Assert.Equal(reference.Header, own.Header);
        Assert.Equal(reference.Rows.Select(Key), own.Rows.Select(Key));
        string model = file.Contains("lr_", StringComparison.Ordinal) ? "lr_metrics" : "reporter_metrics";
        for (int r = 0; r < reference.Rows.Count; r++)
        {
            var want = reference.Rows[r];
            var have = own.Rows[r];
            int layer = int.Parse(want["layer"], CultureInfo.InvariantCulture);
            JsonElement layerTolerances = c.Tolerances(layer);
            JsonElement tolerances = layerTolerances.GetProperty(model);
            JsonElement? tie = c.Ties.Cast<JsonElement?>().FirstOrDefault(t => t!.Value.GetProperty("file").GetString() == "recommended/" + file
                && t.Value.GetProperty("layer").GetInt32() == layer && t.Value.GetProperty("ensembling").GetString() == want["ensembling"]);
            foreach (string column in reference.Header.Skip(file.Contains("lr_", StringComparison.Ordinal) ? 4 : 3))
            {
                if (want[column] == "" || have[column] == "")
                {
                    if (want[column] != have[column]) failures.Add($"recommended/{file} layer {layer} {want["ensembling"]} {column}: file '{want[column]}', got '{have[column]}'");
                    continue;
                }
                double? extra = column == "train_loss" ? Number(layerTolerances, "train_loss") : Number(tolerances, column);
                if (extra is null) continue;   // not determined by the data
                double allowed = Rounding + extra.Value;
                if (tie is { } t)
                {
                    if (column.StartsWith("auroc", StringComparison.Ordinal) && Bool(t, "auroc_float32_unstable")) continue;
                    if (column == "ece" && Int(t, "mixed_label_tied_probability_groups") > 0) continue;
                    if (column.StartsWith("cal_acc", StringComparison.Ordinal) && Int(t, "cal_acc_items_at_threshold") > 1)
                        allowed += (double)Int(t, "cal_acc_items_at_threshold") / Int(t, "cal_acc_items");
                }
                double a = double.Parse(want[column], CultureInfo.InvariantCulture), b = double.Parse(have[column], CultureInfo.InvariantCulture);
                if (!(Math.Abs(a - b) <= allowed))
                    failures.Add($"recommended/{file} layer {layer} {want["ensembling"]} {column}: file {a:R}, got {b:R} (allowed {allowed:G3})");
            }
        }
    }

    /// <summary>The same rows (transfer columns in any order), values within one unit of the last rounded digit.</summary>
    private static void AssertSameRows(CsvTable elicit, CsvTable transfer, string? ignore)
    {
        string[] columns = [.. elicit.Header.Where(h => h != ignore)];
        Assert.Equal(columns.Order(StringComparer.Ordinal), transfer.Header.Order(StringComparer.Ordinal));
        var reordered = new CsvTable(columns, [.. transfer.Rows]);
        var trimmed = new CsvTable(columns, [.. elicit.Rows]);
        ElicitRunTests.AssertClose(trimmed, reordered, Rounding, "transfer");
    }

    private static string Key(IReadOnlyDictionary<string, string> row) =>
        $"{row["dataset"]}/{row["layer"]}/{row["ensembling"]}/{row.GetValueOrDefault("inlp_iter")}";

    private static double? Number(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static int Int(JsonElement e, string key) => e.TryGetProperty(key, out JsonElement v) ? v.GetInt32() : 0;

    private static bool Bool(JsonElement e, string key) => e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.True;
}
