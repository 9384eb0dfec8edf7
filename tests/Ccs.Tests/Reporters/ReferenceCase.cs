using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Ccs.Metrics;
using Ccs.Options;
using Ccs.Reporters;
using Ccs.Tests.Support;
using static TorchSharp.torch;

namespace Ccs.Tests.Reporters;

/// <summary>
/// One folder of <c>reporter-reference/cases</c>: its config, the hidden set it names, the original's files, and
/// (computed once per test run) this implementation's fit of every layer.
/// </summary>
public sealed class ReferenceCase
{
    private static readonly ConcurrentDictionary<string, Lazy<ReferenceCase>> Cache = new();
    private readonly Lazy<IReadOnlyDictionary<int, OwnLayer>> _own;

    private ReferenceCase(string name)
    {
        Name = name;
        Dir = SharedMaterial.Path("reporter-reference", "cases", name);
        Config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "config.json"))).RootElement;
        string hiddenSet = Path.GetFullPath(Path.Combine(Dir, Config.GetProperty("hidden_set").GetString()!));
        Train = new SafetensorsReader(Path.Combine(hiddenSet, "train.safetensors"));
        Val = new SafetensorsReader(Path.Combine(hiddenSet, "val.safetensors"));
        Layers = [.. Config.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32())];
        int[] max = [.. Config.GetProperty("max_examples").EnumerateArray().Select(e => e.GetInt32())];
        (TrainRows, ValRows) = (max[0], max[1]);
        Net = NetFromConfig(Config);
        Supervised = Enum.Parse<SupervisedMode>(Config.GetProperty("supervised").GetString()!, ignoreCase: true);
        Scores = new SafetensorsReader(Path.Combine(Dir, "scores.safetensors"));
        ReporterParams = new SafetensorsReader(Path.Combine(Dir, "reporter.safetensors"));
        LrParams = new SafetensorsReader(Path.Combine(Dir, "lr_models.safetensors"));
        string tries = Path.Combine(Dir, "ccs_tries.safetensors");
        CcsTries = File.Exists(tries) ? new SafetensorsReader(tries) : null;
        Ties = [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "ties.json"))).RootElement.GetProperty("rows").EnumerateArray()];
        _own = new Lazy<IReadOnlyDictionary<int, OwnLayer>>(FitAllLayers);
    }

    public string Name { get; }
    public string Dir { get; }
    public JsonElement Config { get; }
    public SafetensorsReader Train { get; }
    public SafetensorsReader Val { get; }
    public IReadOnlyList<int> Layers { get; }
    public int TrainRows { get; }
    public int ValRows { get; }
    public NetOptions Net { get; }
    public SupervisedMode Supervised { get; }
    public SafetensorsReader Scores { get; }
    public SafetensorsReader ReporterParams { get; }
    public SafetensorsReader LrParams { get; }
    public SafetensorsReader? CcsTries { get; }
    public IReadOnlyList<JsonElement> Ties { get; }

    /// <summary>Every case folder with a config.json, by name.</summary>
    public static IEnumerable<string> All() =>
        Directory.GetDirectories(SharedMaterial.Path("reporter-reference", "cases"))
            .Where(d => File.Exists(Path.Combine(d, "config.json")))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static ReferenceCase Get(string name) => Cache.GetOrAdd(name, n => new Lazy<ReferenceCase>(() => new ReferenceCase(n))).Value;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in All()) data.Add(name);
        Assert.NotEmpty(data);
        return data;
    }

    public int[] Labels(string split) =>
        [.. (split == "train" ? Train : Val).Longs("label").Take(split == "train" ? TrainRows : ValRows).Select(l => (int)l)];

    public Tensor Hiddens(string split, int layer) =>
        (split == "train" ? Train : Val).Tensor($"hidden_{layer}", split == "train" ? TrainRows : ValRows);

    public JsonElement Tolerances(int layer) =>
        Config.GetProperty("tolerances").GetProperty("per_layer").GetProperty(layer.ToString(CultureInfo.InvariantCulture));

    /// <summary>This implementation's fit of every layer, computed on first use and shared by the tests.</summary>
    public IReadOnlyDictionary<int, OwnLayer> Own => _own.Value;

    private Dictionary<int, OwnLayer> FitAllLayers()
    {
        var result = new Dictionary<int, OwnLayer>();
        foreach (int layer in Layers)
        {
            var train = Hiddens("train", layer);
            var val = Hiddens("val", layer);
            var labels = tensor(Labels("train").Select(l => (long)l).ToArray());
            LayerFit fit = LayerTraining.Fit(Net, Supervised, [(train, labels)], layer);
            result[layer] = new OwnLayer(fit,
                ToGrid(fit.Reporter.Score(train)), ToGrid(fit.Reporter.Score(val)),
                ToGrid(fit.Supervised.Models[0].Score(train)), ToGrid(fit.Supervised.Models[0].Score(val)));
        }
        return result;
    }

    private static ScoreGrid ToGrid(Tensor t)
    {
        using (t) return ScoreGrid.FromTensor(t);
    }

    private static NetOptions NetFromConfig(JsonElement config)
    {
        JsonElement c = config.GetProperty("net_config");
        int seed = c.GetProperty("seed").GetInt32();
        if (config.GetProperty("net").GetString() == "eigen")
            return new EigenNetOptions(seed, c.GetProperty("var_weight").GetDouble(), c.GetProperty("neg_cov_weight").GetDouble(),
                c.GetProperty("num_heads").GetInt32(), c.GetProperty("save_reporter_stats").GetBoolean(),
                c.GetProperty("erase_prompts").GetBoolean(), c.GetProperty("use_centroids").GetBoolean());
        return new CcsNetOptions(seed,
            Enum.Parse<CcsActivation>(c.GetProperty("activation").GetString()!, ignoreCase: true),
            c.GetProperty("bias").GetBoolean(),
            c.GetProperty("hidden_size").ValueKind == JsonValueKind.Null ? null : c.GetProperty("hidden_size").GetInt32(),
            Enum.Parse<CcsInit>(c.GetProperty("init").GetString()!, ignoreCase: true),
            LossSpec.Parse([.. c.GetProperty("loss").EnumerateArray().Select(e => e.GetString()!)]),
            Enum.Parse<CcsNorm>(c.GetProperty("norm").GetString()!, ignoreCase: true),
            c.GetProperty("num_layers").GetInt32(),
            c.GetProperty("pre_ln").GetBoolean(),
            c.GetProperty("supervised_weight").GetDouble(),
            c.GetProperty("lr").GetDouble(),
            c.GetProperty("num_epochs").GetInt32(),
            c.GetProperty("num_tries").GetInt32(),
            Enum.Parse<CcsOptimizer>(c.GetProperty("optimizer").GetString()!, ignoreCase: true),
            c.GetProperty("weight_decay").GetDouble());
    }
}

/// <summary>One layer of this implementation's fit, with its scores on the stored train and val states.</summary>
public sealed record OwnLayer(LayerFit Fit, ScoreGrid TrainReporter, ScoreGrid ValReporter, ScoreGrid TrainLr, ScoreGrid ValLr);

/// <summary>A metric CSV of the original (header + rows as strings).</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
{
    public static CsvTable Read(string path)
    {
        string[] lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line =>
        {
            string[] cells = line.Split(',');
            return (IReadOnlyDictionary<string, string>)header.Zip(cells).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
        return new CsvTable(header, rows);
    }
}
