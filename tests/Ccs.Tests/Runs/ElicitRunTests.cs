using System.Text.Json;
using Ccs.Runs;
using Ccs.Tests.Checkpoints;
using Ccs.Tests.Reporters;

namespace Ccs.Tests.Runs;

/// <summary><c>ccs elicit</c> on the reference hidden states: folders, files, <c>--prompt_indices</c>, failures mid-run.</summary>
public class ElicitRunTests
{
    private const string Eigen = "elicit all-MiniLM-L6-v2 imdb --net eigen --max_examples 40 40";
    private const string MetricHeader =
        "auroc_estimate,auroc_lower,auroc_upper,cal_acc_estimate,cal_acc_lower,cal_acc_upper,acc_estimate,acc_lower,acc_upper,ece,cal_thresh";

    [Fact]
    public void Writes_a_memorably_named_run_folder_with_configs_checkpoints_tables_and_a_summary()
    {
        using var root = new TempFolder();
        RunHarness.Result result = RunHarness.Elicit($"{Eigen} --layers 0 3", root.Path);
        Assert.Equal(0, result.Code);

        string parent = Path.Combine(root.Path, "all-MiniLM-L6-v2", "imdb");
        string run = Assert.Single(Directory.GetDirectories(parent));
        string[] name = Path.GetFileName(run).Split('-');
        Assert.Contains(name[0], MemorableNames.Adjectives);
        Assert.Contains(name[1], MemorableNames.Surnames);
        Assert.Contains($"Output directory at {run}", result.Output);

        string[] files = [.. Directory.GetFiles(run, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(run, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(
        [
            "baselines_eval.csv", "cfg.yaml", "eval.csv", "fingerprints.yaml",
            "lr_eval.csv", "lr_models/layer_0.json", "lr_models/layer_0.safetensors", "lr_models/layer_3.json", "lr_models/layer_3.safetensors",
            "reporters/README.md", "reporters/cfg.yaml", "reporters/layer_0.json", "reporters/layer_0.safetensors",
            "reporters/layer_3.json", "reporters/layer_3.safetensors", "train_eval.csv", "train_lr_eval.csv",
        ], files);

        string cfg = File.ReadAllText(Path.Combine(run, "cfg.yaml"));
        Assert.StartsWith("_type_: Elicit\n", cfg);
        Assert.Contains($"\nout_dir: {run}\n", cfg);
        Assert.Contains("\n  layers:\n  - 0\n  - 3\n", cfg);
        Assert.Contains("\n  max_examples:\n  - 40\n  - 40\n", cfg);
        Assert.Contains("\nnet:\n  _type_: EigenFitterConfig\n", cfg);
        Assert.Contains("\nsupervised: single\n", cfg);
        Assert.StartsWith("_type_: EigenFitterConfig\nerase_prompts: false\n", File.ReadAllText(Path.Combine(run, "reporters", "cfg.yaml")));
        Assert.Equal("imdb:\n  test: imdb-minilm-seed42-test-40\n  train: imdb-minilm-seed42-train-40\n",
            File.ReadAllText(Path.Combine(run, "fingerprints.yaml")));

        CsvTable eval = CsvTable.Read(Path.Combine(run, "eval.csv"));
        Assert.Equal($"dataset,layer,ensembling,{MetricHeader},train_loss", string.Join(',', eval.Header));
        Assert.Equal(["0/full", "0/none", "0/partial", "3/full", "3/none", "3/partial"], eval.Rows.Select(r => $"{r["layer"]}/{r["ensembling"]}"));
        Assert.Equal($"dataset,layer,ensembling,inlp_iter,{MetricHeader}", string.Join(',', CsvTable.Read(Path.Combine(run, "lr_eval.csv")).Header));

        // Baselines: three directions per layer and mode. The difference in means, recomputed here from the stored
        // train states, must give the file's `none` AUROC (Platt scaling keeps or flips the order of the raw scores).
        CsvTable baselines = CsvTable.Read(Path.Combine(run, "baselines_eval.csv"));
        Assert.Equal($"dataset,layer,ensembling,baseline,{MetricHeader}", string.Join(',', baselines.Header));
        Assert.Equal(18, baselines.Rows.Count);
        Assert.Equal([SanityBaselines.Random, SanityBaselines.DiffInMeans, SanityBaselines.Tpc],
            baselines.Rows.Where(r => r["layer"] == "3" && r["ensembling"] == "none").Select(r => r["baseline"]));
        double written = double.Parse(baselines.Rows.Single(r => r["layer"] == "3" && r["ensembling"] == "none" && r["baseline"] == SanityBaselines.DiffInMeans)["auroc_estimate"],
            System.Globalization.CultureInfo.InvariantCulture);
        double own = DiffInMeansAuroc(layer: 3, rows: 40);
        Assert.True(Math.Abs(written - own) <= 2e-4 || Math.Abs(written - (1 - own)) <= 2e-4, $"file {written}, recomputed {own}");

        Assert.Contains("Best layers by validation AUROC (full ensembling):", result.Output);
        foreach (string scorer in new[] { "reporter", "lr", "baseline random", "baseline diff_in_means", "baseline tpc" })
            Assert.Matches($@"\n  imdb +{scorer} +[03] +[01]\.\d{{3}} +\[", result.Output);
    }

    [Fact]
    public void Prompt_indices_select_the_same_templates_in_hidden_states_lm_log_odds_texts_and_variant_ids()
    {
        using var temp = new TempFolder();
        int[] picked = [12, 0, 11];
        string selected = temp.File("selected"), prefiltered = temp.File("prefiltered");
        Assert.Equal(0, RunHarness.Elicit($"{Eigen} --layers 3 --prompt_indices 12 0 -2 --save_logprobs --out_dir {selected}",
            source: data => new ReferenceHiddenStates(data) { WithLmLogOdds = true }).Code);
        // The same templates picked independently, before the run sees the data.
        Assert.Equal(0, RunHarness.Elicit($"{Eigen} --layers 3 --save_logprobs --out_dir {prefiltered}",
            source: data => new ReferenceHiddenStates(data) { WithLmLogOdds = true, Tweak = split => Pick(split, picked) }).Code);

        // Same inputs, same fits; LR fits end in flat valleys where BLAS rounding moves them slightly, hence tolerances.
        foreach (var (file, tolerance) in new[] { ("eval.csv", 2e-4), ("train_eval.csv", 2e-4), ("lm_eval.csv", 0.0), ("train_lm_eval.csv", 0.0),
                     ("baselines_eval.csv", 2e-4), ("lr_eval.csv", 0.02), ("train_lr_eval.csv", 0.02) })
            AssertClose(CsvTable.Read(Path.Combine(prefiltered, file)), CsvTable.Read(Path.Combine(selected, file)), tolerance, file);
        Assert.Equal(File.ReadAllText(Path.Combine(prefiltered, "logprobs.json")), File.ReadAllText(Path.Combine(selected, "logprobs.json")));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(selected, "logprobs.json")));
        JsonElement imdb = json.RootElement.GetProperty("datasets").GetProperty("imdb");
        IReadOnlyList<string> all = ReferenceHiddenStates.VariantIds();
        Assert.Equal(picked.Select(p => all[p]), imdb.GetProperty("variant_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"imdb row {ReferenceCase.Get("eigen-default").Val.Longs("row_id")[0]} template 0 answer 1",
            imdb.GetProperty("texts")[0][1][1].GetString());
        var logprobs = new SafetensorsReader(Path.Combine(selected, "logprobs.safetensors"));
        Assert.Equal([40L, 3L], logprobs.Shape("imdb/reporter/3/none"));
        Assert.Equal([40L], logprobs.Shape("imdb/lm/full"));
        Assert.True(logprobs.Floats("imdb/lr/3/partial/0").All(p => p <= 0));
        var reference = new SafetensorsReader(Path.Combine(prefiltered, "logprobs.safetensors"));
        Assert.Equal(reference.Floats("imdb/lm/partial"), logprobs.Floats("imdb/lm/partial"));
        Assert.True(reference.Floats("imdb/reporter/3/full").Zip(logprobs.Floats("imdb/reporter/3/full")).All(p => Math.Abs(p.First - p.Second) <= 1e-4));
    }

    [Fact]
    public void The_rows_of_completed_layers_are_written_when_a_later_layer_fails()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        Assert.ThrowsAny<Exception>(() => RunHarness.Elicit($"{Eigen} --layers 0 3 6 --out_dir {run}",
            source: data => new ReferenceHiddenStates(data) { Tweak = split => Poison(split, layer: 6) }));
        foreach (string file in new[] { "eval.csv", "train_eval.csv", "lr_eval.csv", "baselines_eval.csv" })
            Assert.Equal(["0", "3"], CsvTable.Read(Path.Combine(run, file)).Rows.Select(r => r["layer"]).Distinct());
        Assert.False(File.Exists(Path.Combine(run, "reporters", "layer_6.safetensors")));
    }

    internal static void AssertClose(CsvTable want, CsvTable have, double tolerance, string what)
    {
        Assert.Equal(want.Header, have.Header);
        Assert.Equal(want.Rows.Count, have.Rows.Count);
        for (int i = 0; i < want.Rows.Count; i++)
            foreach (string column in want.Header)
            {
                string a = want.Rows[i][column], b = have.Rows[i][column];
                bool same = a == b || (double.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, out double x)
                    && double.TryParse(b, System.Globalization.CultureInfo.InvariantCulture, out double y) && Math.Abs(x - y) <= tolerance + 1e-9);
                Assert.True(same, $"{what} row {i} {column}: {a} vs {b}");
            }
    }

    /// <summary>
    /// Validation AUROC (every state against "its answer is the label") of the raw projection on the difference of the
    /// mean true-answer and false-answer train states, in double precision.
    /// </summary>
    private static double DiffInMeansAuroc(int layer, int rows)
    {
        ReferenceCase c = ReferenceCase.Get("eigen-default");
        float[] train = c.Train.Floats($"hidden_{layer}"), val = c.Val.Floats($"hidden_{layer}");
        int[] trainLabels = c.Labels("train"), valLabels = c.Labels("val");
        int v = (int)c.Train.Shape($"hidden_{layer}")[1], d = (int)c.Train.Shape($"hidden_{layer}")[3];
        var sums = new double[2, d];
        var counts = new int[2];
        for (int i = 0; i < rows; i++)
            for (int t = 0; t < v; t++)
                for (int j = 0; j < 2; j++)
                {
                    int truth = j == trainLabels[i] ? 1 : 0;
                    counts[truth]++;
                    for (int k = 0; k < d; k++) sums[truth, k] += train[((i * v + t) * 2 + j) * d + k];
                }
        double[] w = [.. Enumerable.Range(0, d).Select(k => sums[1, k] / counts[1] - sums[0, k] / counts[0])];
        var scored = new List<(double Score, bool True)>();
        for (int i = 0; i < rows; i++)
            for (int t = 0; t < v; t++)
                for (int j = 0; j < 2; j++)
                    scored.Add((Enumerable.Range(0, d).Sum(k => w[k] * val[((i * v + t) * 2 + j) * d + k]), j == valLabels[i]));
        double pairs = 0, wins = 0;
        foreach (var p in scored.Where(s => s.True))
            foreach (var n in scored.Where(s => !s.True))
            {
                pairs++;
                wins += p.Score > n.Score ? 1 : p.Score == n.Score ? 0.5 : 0;
            }
        return wins / pairs;
    }

    /// <summary>The given templates of every example, by plain copying.</summary>
    internal static ExtractedSplit Pick(ExtractedSplit split, int[] variants)
    {
        int k = split.Shape.Choices, d = split.Shape.HiddenSize;
        float[] Blocks(float[] values, int size) => [.. variants.SelectMany(t => values.Skip(t * size).Take(size))];
        return split with
        {
            Shape = split.Shape with { Variants = variants.Length },
            Examples = [.. split.Examples.Select(e => e with
            {
                VariantIds = [.. variants.Select(t => e.VariantIds[t])],
                Texts = [.. variants.Select(t => e.Texts[t])],
                LmLogOdds = e.LmLogOdds is null ? null : Blocks(e.LmLogOdds, k),
                Hidden = e.Hidden.ToDictionary(kv => kv.Key, kv => Blocks(kv.Value, k * d)),
            })],
        };
    }

    private static ExtractedSplit Poison(ExtractedSplit split, int layer) => split with
    {
        Examples = [.. split.Examples.Select(e => e with
        {
            Hidden = e.Hidden.ToDictionary(kv => kv.Key, kv => kv.Key == layer ? [.. kv.Value.Select(_ => float.NaN)] : kv.Value),
        })],
    };
}
