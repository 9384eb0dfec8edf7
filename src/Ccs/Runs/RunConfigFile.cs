using System.Globalization;
using System.Text.RegularExpressions;
using Ccs.Options;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ccs.Runs;

/// <summary>
/// <c>cfg.yaml</c> and <c>reporters/cfg.yaml</c> as the original writes them (spec 9.3): keys sorted at every
/// level, a <c>_type_</c> tag per config object, tuples as lists, <c>null</c> for none. The original's tags were
/// Python class paths; ours are the stable names <c>Elicit</c>, <c>Eval</c>, <c>Extract</c>, <c>CcsConfig</c>
/// and <c>EigenFitterConfig</c>.
/// </summary>
public static partial class RunConfigFile
{
    public static string ForElicit(ElicitOptions options, IReadOnlyList<int> layers, string outDir)
    {
        var root = RunFields(options.Run, outDir);
        root["_type_"] = "Elicit";
        root["data"] = Extract(options.Data, layers);
        root["net"] = Net(options.Net);
        root["supervised"] = options.Supervised.ToString().ToLowerInvariant();
        return Emit(root);
    }

    public static string ForEval(EvalOptions options, IReadOnlyList<int> layers, string outDir)
    {
        var root = RunFields(options.Run, outDir);
        root["_type_"] = "Eval";
        root["data"] = Extract(options.Data, layers);
        root["source"] = options.Source;
        root["skip_supervised"] = options.SkipSupervised;
        return Emit(root);
    }

    /// <summary><c>reporters/cfg.yaml</c>: the net block alone.</summary>
    public static string ForNet(NetOptions net) => Emit(Net(net));

    private static SortedDictionary<string, object?> RunFields(RunOptions run, string outDir) => new(StringComparer.Ordinal)
    {
        // save_logprobs and disable_cache are not written, as in the original.
        ["concatenated_layer_offset"] = run.ConcatenatedLayerOffset,
        ["debug"] = run.Debug,
        ["min_gpu_mem"] = run.MinGpuMem,
        ["num_gpus"] = run.NumGpus,
        ["out_dir"] = outDir,
        ["prompt_indices"] = run.PromptIndices.Cast<object?>().ToList(),
    };

    private static SortedDictionary<string, object?> Extract(ExtractOptions data, IReadOnlyList<int> layers) => new(StringComparer.Ordinal)
    {
        // layer_stride is not stored; only the layers it resolved to.
        ["_type_"] = "Extract",
        ["balance"] = data.Balance,
        ["binarize"] = data.Binarize,
        ["data_dirs"] = data.DataDirs.Cast<object?>().ToList(),
        ["datasets"] = data.Datasets.Cast<object?>().ToList(),
        ["int8"] = data.Int8,
        ["layers"] = layers.Cast<object?>().ToList(),
        ["max_examples"] = new List<object?> { data.MaxExamplesTrain, data.MaxExamplesVal },
        ["model"] = data.Model,
        ["num_shots"] = data.NumShots,
        ["num_variants"] = data.NumVariants,
        ["seed"] = data.Seed,
        ["template_path"] = data.TemplatePath,
        ["token_loc"] = data.TokenLoc.ToString().ToLowerInvariant(),
        ["use_encoder_states"] = data.UseEncoderStates,
    };

    private static SortedDictionary<string, object?> Net(NetOptions net) => net switch
    {
        CcsNetOptions c => new(StringComparer.Ordinal)
        {
            ["_type_"] = "CcsConfig",
            ["activation"] = c.Activation.ToString().ToLowerInvariant(),
            ["bias"] = c.Bias,
            ["hidden_size"] = c.HiddenSize,
            ["init"] = c.Init.ToString().ToLowerInvariant(),
            ["loss"] = c.Loss.Select(t => (object?)t.ToString()).ToList(),
            ["loss_dict"] = new SortedDictionary<string, object?>(c.Loss.ToDictionary(t => t.Name, t => (object?)t.Coefficient), StringComparer.Ordinal),
            ["lr"] = c.Lr,
            ["norm"] = c.Norm.ToString().ToLowerInvariant(),
            ["num_epochs"] = c.NumEpochs,
            ["num_layers"] = c.NumLayers,
            ["num_tries"] = c.NumTries,
            ["optimizer"] = c.Optimizer.ToString().ToLowerInvariant(),
            ["pre_ln"] = c.PreLn,
            ["seed"] = c.Seed,
            ["supervised_weight"] = c.SupervisedWeight,
            ["weight_decay"] = c.WeightDecay,
        },
        EigenNetOptions e => new(StringComparer.Ordinal)
        {
            ["_type_"] = "EigenFitterConfig",
            ["erase_prompts"] = e.ErasePrompts,
            ["neg_cov_weight"] = e.NegCovWeight,
            ["num_heads"] = e.NumHeads,
            ["save_reporter_stats"] = e.SaveReporterStats,
            ["seed"] = e.Seed,
            ["use_centroids"] = e.UseCentroids,
            ["var_weight"] = e.VarWeight,
        },
        _ => throw new ArgumentException($"unknown net options {net.GetType().Name}"),
    };

    // PyYAML quotes strings that would read back as another type.
    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9][0-9_]*)(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|)$")]
    private static partial Regex ImplicitlyTyped();

    private static string Emit(SortedDictionary<string, object?> root)
    {
        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        EmitNode(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void EmitNode(IEmitter emitter, object? node)
    {
        switch (node)
        {
            case SortedDictionary<string, object?> map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    EmitScalar(emitter, key);
                    EmitNode(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case List<object?> list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list) EmitNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case bool b:
                emitter.Emit(new Scalar(null, null, b ? "true" : "false", ScalarStyle.Plain, true, false));
                break;
            case int or long:
                emitter.Emit(new Scalar(null, null, Convert.ToString(node, CultureInfo.InvariantCulture)!, ScalarStyle.Plain, true, false));
                break;
            case double d:
                emitter.Emit(new Scalar(null, null, PythonFloat.Repr(d), ScalarStyle.Plain, true, false));
                break;
            case string s:
                EmitScalar(emitter, s);
                break;
            default:
                throw new ArgumentException($"unsupported YAML value {node.GetType().Name}");
        }
    }

    private static void EmitScalar(IEmitter emitter, string value) =>
        emitter.Emit(new Scalar(null, null, value, ImplicitlyTyped().IsMatch(value) ? ScalarStyle.SingleQuoted : ScalarStyle.Any, true, false));
}
