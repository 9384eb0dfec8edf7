using Ccs.Models.Decoding;
using Ccs.Models.Layers;

namespace Ccs.Models.GptNeoX;

/// <summary>The fields of transformers' <c>GPTNeoXConfig</c> (configuration_gpt_neox.py) that the forward pass uses, with its defaults.</summary>
public sealed record GptNeoXConfig(
    string ModelType,
    int NumHiddenLayers,
    int HiddenSize,
    string? TorchDtype,
    IReadOnlyList<string> Architectures,
    int VocabSize,
    int NumAttentionHeads,
    int IntermediateSize,
    string HiddenAct,
    double LayerNormEps,
    bool UseParallelResidual,
    bool AttentionBias,
    RopeSettings Rope,
    LanguageModelHead Head)
    : ModelConfig(ModelType, NumHiddenLayers, HiddenSize, TorchDtype, Architectures)
{
    public int HeadSize => HiddenSize / NumAttentionHeads;

    public static GptNeoXConfig Parse(ConfigJson json)
    {
        int hidden = json.Int("hidden_size", 6144, minimum: 1);
        int heads = json.Int("num_attention_heads", 64, minimum: 1);
        // GPTNeoXAttention.__init__ raises the same way.
        if (hidden % heads != 0)
            throw json.Invalid("hidden_size", $"({hidden}) is not a multiple of num_attention_heads ({heads})");
        string act = json.String("hidden_act", "gelu");
        if (!Activations.IsKnown(act))
            throw json.Invalid("hidden_act", $"is '{act}', which ccs does not support (supported: {string.Join(", ", Activations.Names)})");
        // GPTNeoXConfig.__init__ takes rotary_pct / rotary_emb_base and sets partial_rotary_factor / rope_theta
        // from them, so the Pythia names win over the generic ones a newer save may add beside them.
        double rotaryPct = json.Has("rotary_pct") ? json.Double("rotary_pct", 0.25) : json.Double("partial_rotary_factor", 0.25);
        double theta = json.Has("rotary_emb_base") ? json.Double("rotary_emb_base", 10000) : json.Double("rope_theta", 10000);
        int maxPositions = json.Int("max_position_embeddings", 2048, minimum: 1);
        return new GptNeoXConfig(
            ModelType: "gpt_neox",
            NumHiddenLayers: json.Int("num_hidden_layers", 44, minimum: 1),
            HiddenSize: hidden,
            TorchDtype: json.OptionalString("torch_dtype"),
            Architectures: json.OptionalStringList("architectures") ?? [],
            VocabSize: json.Int("vocab_size", 50432, minimum: 1),
            NumAttentionHeads: heads,
            IntermediateSize: json.Int("intermediate_size", 24576, minimum: 1),
            HiddenAct: act,
            LayerNormEps: json.Double("layer_norm_eps", 1e-5),
            UseParallelResidual: json.Bool("use_parallel_residual", true),
            AttentionBias: json.Bool("attention_bias", true),
            Rope: RopeSettings.Parse(json, theta, hidden / heads, rotaryPct, maxPositions),
            Head: LanguageModelHead.Parse(json, tiedByDefault: false));
    }
}
