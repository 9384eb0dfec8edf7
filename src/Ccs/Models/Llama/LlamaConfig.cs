using Ccs.Models.Decoding;
using Ccs.Models.Layers;

namespace Ccs.Models.Llama;

/// <summary>
/// The fields of transformers' <c>LlamaConfig</c>, <c>MistralConfig</c> and <c>Qwen2Config</c> that the forward pass
/// uses; the three models share one layer design (RMSNorm, SwiGLU, rotary, grouped-query attention) and differ
/// only in biases, the sliding window and defaults.
/// </summary>
/// <param name="QkvBias">biases on q/k/v_proj (Llama's <c>attention_bias</c>; always for Qwen2).</param>
/// <param name="OutputBias">bias on o_proj (Llama's <c>attention_bias</c>; never for Qwen2 and Mistral).</param>
/// <param name="SlidingWindow">Mistral's <c>sliding_window</c>, or null.</param>
public sealed record LlamaConfig(
    string ModelType,
    int NumHiddenLayers,
    int HiddenSize,
    string? TorchDtype,
    IReadOnlyList<string> Architectures,
    int VocabSize,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int HeadDim,
    int IntermediateSize,
    string HiddenAct,
    double RmsNormEps,
    RopeSettings Rope,
    bool QkvBias,
    bool OutputBias,
    bool MlpBias,
    int? SlidingWindow,
    LanguageModelHead Head)
    : ModelConfig(ModelType, NumHiddenLayers, HiddenSize, TorchDtype, Architectures)
{
    /// <summary>configuration_llama.py defaults.</summary>
    public static LlamaConfig ParseLlama(ConfigJson json)
    {
        bool attentionBias = json.Bool("attention_bias", false);
        return Parse(json, "llama", new Defaults(32000, 4096, 11008, 32, 32, null, 2048),
            qkvBias: attentionBias, outputBias: attentionBias, mlpBias: json.Bool("mlp_bias", false), slidingWindow: null);
    }

    /// <summary>configuration_mistral.py defaults; <c>sliding_window</c> defaults to 4096 but may be an explicit null.</summary>
    public static LlamaConfig ParseMistral(ConfigJson json)
    {
        int? window = json.IsNull("sliding_window") ? null : json.Int("sliding_window", 4096, minimum: 1);
        return Parse(json, "mistral", new Defaults(32000, 4096, 14336, 32, 32, 8, 4096 * 32),
            qkvBias: false, outputBias: false, mlpBias: false, slidingWindow: window);
    }

    /// <summary>
    /// configuration_qwen2.py defaults; q/k/v always have biases and o_proj none (modeling_qwen2.py
    /// <c>Qwen2Attention.__init__</c>). Qwen2Config drops <c>sliding_window</c> unless <c>use_sliding_window</c>.
    /// </summary>
    public static LlamaConfig ParseQwen2(ConfigJson json)
    {
        // With use_sliding_window, transformers 4.48 windows every layer in eager/SDPA attention but only layers
        // from max_window_layers on with flash attention; no released Qwen2 checkpoint sets it.
        if (json.Bool("use_sliding_window", false))
            throw json.Invalid("use_sliding_window", "is true; ccs runs Qwen2 with full attention only (no released Qwen2 model uses a sliding window)");
        return Parse(json, "qwen2", new Defaults(151936, 4096, 22016, 32, 32, 32, 32768),
            qkvBias: true, outputBias: false, mlpBias: false, slidingWindow: null);
    }

    private sealed record Defaults(int Vocab, int Hidden, int Intermediate, int Layers, int Heads, int? KeyValueHeads, int MaxPositions);

    private static LlamaConfig Parse(ConfigJson json, string modelType, Defaults d, bool qkvBias, bool outputBias, bool mlpBias, int? slidingWindow)
    {
        int hidden = json.Int("hidden_size", d.Hidden, minimum: 1);
        int heads = json.Int("num_attention_heads", d.Heads, minimum: 1);
        // num_key_value_heads: None means multi-head attention (as many as query heads).
        int kvHeads = json.Int("num_key_value_heads", d.KeyValueHeads ?? heads, minimum: 1);
        if (heads % kvHeads != 0)
            throw json.Invalid("num_attention_heads", $"({heads}) is not a multiple of num_key_value_heads ({kvHeads})");
        if (!json.Has("head_dim") && hidden % heads != 0)
            throw json.Invalid("hidden_size", $"({hidden}) is not a multiple of num_attention_heads ({heads})");
        int headDim = json.Int("head_dim", hidden / heads, minimum: 1);
        string act = json.String("hidden_act", "silu");
        if (!Activations.IsKnown(act))
            throw json.Invalid("hidden_act", $"is '{act}', which ccs does not support (supported: {string.Join(", ", Activations.Names)})");
        int maxPositions = json.Int("max_position_embeddings", d.MaxPositions, minimum: 1);
        return new LlamaConfig(
            ModelType: modelType,
            NumHiddenLayers: json.Int("num_hidden_layers", d.Layers, minimum: 1),
            HiddenSize: hidden,
            TorchDtype: json.OptionalString("torch_dtype"),
            Architectures: json.OptionalStringList("architectures") ?? [],
            VocabSize: json.Int("vocab_size", d.Vocab, minimum: 1),
            NumAttentionHeads: heads,
            NumKeyValueHeads: kvHeads,
            HeadDim: headDim,
            IntermediateSize: json.Int("intermediate_size", d.Intermediate, minimum: 1),
            HiddenAct: act,
            RmsNormEps: json.Double("rms_norm_eps", 1e-6),
            Rope: RopeSettings.Parse(json, json.Double("rope_theta", 10000.0), headDim, json.Double("partial_rotary_factor", 1.0), maxPositions),
            QkvBias: qkvBias,
            OutputBias: outputBias,
            MlpBias: mlpBias,
            SlidingWindow: slidingWindow,
            Head: LanguageModelHead.Parse(json, tiedByDefault: false));
    }
}
