using Ccs.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Benchmarks;

/// <summary>
/// Random-weight models of well-known shapes, for measuring a machine without downloading weights:
/// <c>random:gpt2</c> is GPT-2 small (124M parameters: 12 layers, d = 768, 12 heads, vocabulary 50257). Their folder
/// also gets a word-level vocabulary of the built-in benchmark sentences, so prompts tokenize to realistic lengths.
/// </summary>
public static class RandomModels
{
    private static readonly Dictionary<string, string> Configs = new(StringComparer.Ordinal)
    {
        ["random:gpt2"] = """
            {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 50257, "n_positions": 1024,
             "n_embd": 768, "n_layer": 12, "n_head": 12, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
            """,
    };

    public static bool IsRandom(string model) => model.StartsWith("random:", StringComparison.Ordinal);

    /// <summary>Writes the named model's config.json and vocab.txt into a folder (weights are drawn in memory).</summary>
    public static string ConfigFolder(string name)
    {
        if (!Configs.TryGetValue(name, out string? json))
            throw new CcsException(ExitCode.BadInput, $"unknown random model '{name}' (known: {string.Join(", ", Configs.Keys)})");
        string folder = Path.Combine(Path.GetTempPath(), "ccs-" + name.Replace(':', '-'));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, PretrainedModel.ConfigFile), json);
        string[] specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), [.. specials, .. BuiltInStatements.Words()]);
        return folder;
    }

    /// <summary>
    /// The architecture of the folder's config with N(0, 0.02) weights (seeded) and unit norms. Weights are drawn in
    /// float32 and then cast, so every dtype gets the same weights (up to its rounding).
    /// </summary>
    public static IHiddenStateModel Create(string configFolder, ModelPlacement placement, long seed = 0)
    {
        var json = ConfigJson.Read(Path.Combine(configFolder, PretrainedModel.ConfigFile));
        var architecture = ModelArchitectures.For(json);
        var model = architecture.Create(architecture.ParseConfig(json), placement);
        using (no_grad())
        {
            var generator = new Generator((ulong)seed);
            foreach (var (name, parameter) in model.named_parameters())
            {
                bool norm = name.Contains("ln", StringComparison.Ordinal) || name.Contains("norm", StringComparison.Ordinal);
                if (norm) parameter.fill_(name.EndsWith("bias", StringComparison.Ordinal) ? 0 : 1);
                else
                {
                    using var drawn = empty(parameter.shape, ScalarType.Float32).normal_(0, 0.02, generator);
                    parameter.copy_(drawn);
                }
            }
        }
        model.eval();
        return model;
    }
}
