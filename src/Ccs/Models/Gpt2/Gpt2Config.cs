using Ccs.Models.Decoding;
using Ccs.Models.Layers;

namespace Ccs.Models.Gpt2;

/// <summary>The fields of transformers' <c>GPT2Config</c> (configuration_gpt2.py) that the forward pass uses, with its defaults.</summary>
/// <param name="InnerSize"><c>n_inner</c>, or 4 · n_embd when null (GPT2MLP).</param>
public sealed record Gpt2Config(
    string ModelType,
    int NumHiddenLayers,
    int HiddenSize,
    string? TorchDtype,
    IReadOnlyList<string> Architectures,
    int VocabSize,
    int NumHeads,
    int InnerSize,
    string Activation,
    int MaxPositions,
    double LayerNormEps,
    bool ScaleAttnWeights,
    bool ScaleAttnByInverseLayerIdx,
    LanguageModelHead Head)
    : ModelConfig(ModelType, NumHiddenLayers, HiddenSize, TorchDtype, Architectures)
{
    public int HeadDim => HiddenSize / NumHeads;

    public static Gpt2Config Parse(ConfigJson json)
    {
        int hidden = json.Int("n_embd", 768, minimum: 1);
        int heads = json.Int("n_head", 12, minimum: 1);
        if (hidden % heads != 0)
            throw json.Invalid("n_embd", $"({hidden}) is not a multiple of n_head ({heads})");
        string act = json.String("activation_function", "gelu_new");
        if (!Activations.IsKnown(act))
            throw json.Invalid("activation_function", $"is '{act}', which ccs does not support (supported: {string.Join(", ", Activations.Names)})");
        if (json.Bool("add_cross_attention", false))
            throw json.Invalid("add_cross_attention", "is true; ccs runs GPT-2 as a decoder-only model");
        // reorder_and_upcast_attn only changes the rounding of reduced-precision runs (attention in float32);
        // here attention runs in the model dtype either way.
        return new Gpt2Config(
            ModelType: "gpt2",
            NumHiddenLayers: json.Int("n_layer", 12, minimum: 1),
            HiddenSize: hidden,
            TorchDtype: json.OptionalString("torch_dtype"),
            Architectures: json.OptionalStringList("architectures") ?? [],
            VocabSize: json.Int("vocab_size", 50257, minimum: 1),
            NumHeads: heads,
            InnerSize: json.Int("n_inner", 4 * hidden, minimum: 1),
            Activation: act,
            MaxPositions: json.Int("n_positions", 1024, minimum: 1),
            LayerNormEps: json.Double("layer_norm_epsilon", 1e-5),
            ScaleAttnWeights: json.Bool("scale_attn_weights", true),
            ScaleAttnByInverseLayerIdx: json.Bool("scale_attn_by_inverse_layer_idx", false),
            Head: LanguageModelHead.Parse(json, tiedByDefault: true));
    }
}
