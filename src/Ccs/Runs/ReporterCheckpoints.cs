using System.Text.Json;
using System.Text.Json.Serialization;
using Ccs.Checkpoints;
using Ccs.Metrics;
using Ccs.Options;
using Ccs.Reporters;
using static TorchSharp.torch;

namespace Ccs.Runs;

/// <summary>The per-layer JSON beside a checkpoint's tensors: what kind of scorer it is and how to rebuild it.</summary>
/// <param name="Kind"><c>ccs</c>, <c>eigen</c> or <c>logistic_regression</c>.</param>
/// <param name="HiddenSize">d, the hidden size the scorer takes.</param>
/// <param name="Norm">ccs: <c>meanonly</c>, <c>burns</c> or <c>leace</c>.</param>
/// <param name="ProbeHiddenSize">ccs MLP width (null = floor(4·d/3), or a linear probe).</param>
/// <param name="Count">logistic_regression: how many models (INLP iterations) the file holds.</param>
public sealed record CheckpointConfig(
    string Format,
    string Kind,
    int Layer,
    int HiddenSize,
    string? Norm = null,
    int? NumLayers = null,
    int? ProbeHiddenSize = null,
    string? Activation = null,
    bool? Bias = null,
    bool? PreLn = null,
    double? TrainLoss = null,
    int? Count = null,
    IReadOnlyList<double>? TrainLosses = null)
{
    public const string CurrentFormat = "ccs-checkpoint-1";
}

/// <summary>A reporter read back from a run folder, with the hidden size it was fitted on.</summary>
public sealed record LoadedReporter(IFittedReporter Reporter, int HiddenSize);

/// <summary>
/// Reporter and logistic-regression checkpoints (spec 9.9, portable instead of the original's pickles, 10.B34):
/// <c>reporters/layer_&lt;L&gt;.safetensors</c> + <c>layer_&lt;L&gt;.json</c> and the same in <c>lr_models/</c>; the
/// format is described in the <c>README.md</c> written into <c>reporters/</c>.
/// </summary>
public static class ReporterCheckpoints
{
    public const string ReportersFolder = "reporters", LrFolder = "lr_models";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string TensorPath(string folder, int layer) => Path.Combine(folder, $"layer_{layer}.safetensors");
    public static string ConfigPath(string folder, int layer) => Path.Combine(folder, $"layer_{layer}.json");

    public static void SaveReporter(string folder, int layer, IFittedReporter reporter, NetOptions net, double? trainLoss)
    {
        using var scope = NewDisposeScope();
        var tensors = new List<(string, Tensor)>();
        CheckpointConfig config;
        switch (reporter, net)
        {
            case (CcsReporter ccs, CcsNetOptions options):
                tensors.AddRange(ccs.Parameters);
                if (ccs.Normalization.Eraser is { } eraser) tensors.AddRange(EraserTensors(eraser));
                tensors.AddRange(Platt(ccs.Scale, ccs.PlattBias));
                int d = (int)ccs.Parameters[0].Value.shape[^1];
                config = new CheckpointConfig(CheckpointConfig.CurrentFormat, "ccs", layer, d,
                    Norm: Name(options.Norm), NumLayers: options.NumLayers, ProbeHiddenSize: options.HiddenSize,
                    Activation: Name(options.Activation), Bias: options.Bias, PreLn: options.PreLn, TrainLoss: trainLoss);
                break;
            case (EigenReporter eigen, EigenNetOptions):
                tensors.Add(("weight", eigen.Weight));
                tensors.AddRange(EraserTensors(eigen.Eraser));
                tensors.Add(("eigenvalues", eigen.Eigenvalues));
                tensors.AddRange(Platt(eigen.Scale, eigen.PlattBias));
                config = new CheckpointConfig(CheckpointConfig.CurrentFormat, "eigen", layer, (int)eigen.Weight.shape[^1]);
                break;
            default:
                throw new ArgumentException($"cannot save a {reporter.GetType().Name} fitted with {net.GetType().Name}");
        }
        Write(folder, layer, tensors, config);
    }

    public static void SaveLogisticRegressions(string folder, int layer, IReadOnlyList<LogisticRegression> models)
    {
        if (models.Count == 0) return;
        var tensors = models.SelectMany((m, i) => new[] { ($"lr{i}.weight", m.Weight), ($"lr{i}.bias", m.Bias) }).ToList();
        var config = new CheckpointConfig(CheckpointConfig.CurrentFormat, "logistic_regression", layer, (int)models[0].Weight.shape[^1],
            Count: models.Count, TrainLosses: [.. models.Select(m => m.TrainLoss)]);
        Write(folder, layer, tensors, config);
    }

    public static LoadedReporter LoadReporter(string folder, int layer)
    {
        CheckpointConfig config = ReadConfig(folder, layer);
        var t = ReadTensors(folder, layer);
        (float scale, float bias) = (Scalar(t, "platt_scale", folder, layer), Scalar(t, "platt_bias", folder, layer));
        IFittedReporter reporter = config.Kind switch
        {
            "eigen" => new EigenReporter(Need(t, "weight", folder, layer), Eraser(t, folder, layer), Need(t, "eigenvalues", folder, layer), scale, bias),
            "ccs" => LoadCcs(config, t, folder, layer, scale, bias),
            _ => throw Corrupt(folder, layer, $"kind '{config.Kind}' is not a reporter"),
        };
        return new LoadedReporter(reporter, config.HiddenSize);
    }

    /// <summary>The logistic-regression models of a layer, or an empty list when the file is absent (10.B7).</summary>
    public static IReadOnlyList<LogisticRegression> LoadLogisticRegressions(string folder, int layer)
    {
        if (!File.Exists(TensorPath(folder, layer))) return [];
        CheckpointConfig config = ReadConfig(folder, layer);
        if (config.Kind != "logistic_regression" || config.Count is not > 0)
            throw Corrupt(folder, layer, "not a logistic-regression checkpoint");
        var t = ReadTensors(folder, layer);
        return [.. Enumerable.Range(0, config.Count.Value).Select(i => new LogisticRegression(
            Need(t, $"lr{i}.weight", folder, layer), Need(t, $"lr{i}.bias", folder, layer),
            config.TrainLosses is { } losses && i < losses.Count ? losses[i] : double.NaN))];
    }

    /// <summary>The hidden size a checkpoint expects, from its JSON alone.</summary>
    public static int HiddenSize(string folder, int layer) => ReadConfig(folder, layer).HiddenSize;

    private static CcsReporter LoadCcs(CheckpointConfig c, Dictionary<string, Tensor> t, string folder, int layer, float scale, float bias)
    {
        var norm = Enum.Parse<CcsNorm>(c.Norm ?? throw Corrupt(folder, layer, "no norm"), ignoreCase: true);
        var options = new CcsNetOptions(
            Seed: 0, Activation: Enum.Parse<CcsActivation>(c.Activation ?? "gelu", ignoreCase: true), Bias: c.Bias ?? true,
            HiddenSize: c.ProbeHiddenSize, Init: CcsInit.Default, Loss: LossSpec.Default, Norm: norm,
            NumLayers: c.NumLayers ?? 1, PreLn: c.PreLn ?? false, SupervisedWeight: 0, Lr: 0.01, NumEpochs: 1, NumTries: 1,
            Optimizer: CcsOptimizer.Lbfgs, WeightDecay: 0);
        // The construction draws are overwritten by the stored parameters below.
        var probe = new CcsProbe(options, c.HiddenSize, new TorchCpuRandomInit(new TorchCpuRandom(0)));
        using (no_grad())
        {
            foreach (var (name, parameter) in probe.StateDict())
            {
                Tensor stored = Need(t, name, folder, layer);
                if (!stored.shape.SequenceEqual(parameter.shape))
                    throw Corrupt(folder, layer, $"{name} has shape [{string.Join(", ", stored.shape)}], expected [{string.Join(", ", parameter.shape)}]");
                parameter.copy_(stored);
            }
        }
        var normalization = new CcsNormalization(norm, norm == CcsNorm.Leace ? Eraser(t, folder, layer) : null);
        return new CcsReporter(probe, normalization, scale, bias);
    }

    private static IEnumerable<(string, Tensor)> EraserTensors(LeaceEraser eraser) =>
        [("eraser.proj_left", eraser.ProjLeft), ("eraser.proj_right", eraser.ProjRight), ("eraser.bias", eraser.Bias)];

    private static LeaceEraser Eraser(Dictionary<string, Tensor> t, string folder, int layer) =>
        new(Need(t, "eraser.proj_left", folder, layer), Need(t, "eraser.proj_right", folder, layer), Need(t, "eraser.bias", folder, layer));

    private static IEnumerable<(string, Tensor)> Platt(float scale, float bias) =>
        [("platt_scale", tensor(new[] { scale })), ("platt_bias", tensor(new[] { bias }))];

    private static void Write(string folder, int layer, List<(string, Tensor)> tensors, CheckpointConfig config)
    {
        Directory.CreateDirectory(folder);
        TensorFileWriter.Write(TensorPath(folder, layer), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        File.WriteAllText(ConfigPath(folder, layer), JsonSerializer.Serialize(config, Json) + "\n");
    }

    private static CheckpointConfig ReadConfig(string folder, int layer)
    {
        string path = ConfigPath(folder, layer);
        if (!File.Exists(path)) throw new CcsException(ExitCode.BadInput, $"{path}: file not found");
        CheckpointConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<CheckpointConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new CcsException(ExitCode.BadInput, $"{path}: not a ccs checkpoint config ({e.Message})");
        }
        if (config?.Format != CheckpointConfig.CurrentFormat)
            throw new CcsException(ExitCode.BadInput, $"{path}: unknown checkpoint format '{config?.Format}' (expected {CheckpointConfig.CurrentFormat})");
        return config;
    }

    /// <summary>Every tensor of the layer's file as an owned float32 copy.</summary>
    private static Dictionary<string, Tensor> ReadTensors(string folder, int layer)
    {
        using var file = SafetensorsFile.Open(TensorPath(folder, layer));
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (string name in file.Tensors.Keys)
        {
            using var view = file.Read(name);
            result[name] = view.to_type(ScalarType.Float32).clone();
        }
        return result;
    }

    private static Tensor Need(Dictionary<string, Tensor> t, string name, string folder, int layer) =>
        t.TryGetValue(name, out var value) ? value : throw Corrupt(folder, layer, $"no tensor '{name}'");

    private static float Scalar(Dictionary<string, Tensor> t, string name, string folder, int layer) =>
        Need(t, name, folder, layer).flatten()[0].item<float>();

    private static CcsException Corrupt(string folder, int layer, string problem) =>
        new(ExitCode.BadInput, $"{TensorPath(folder, layer)}: {problem}");

    private static string Name<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();
}
