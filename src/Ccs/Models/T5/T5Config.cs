using Ccs.Models.Decoding;
using Ccs.Models.Layers;

namespace Ccs.Models.T5;

/// <summary>
/// The fields of transformers' <c>T5Config</c> (configuration_t5.py) that the forward pass uses, with its defaults.
/// <c>NumHiddenLayers</c> is <c>num_layers</c>, the encoder depth (T5Config's <c>attribute_map</c>), as the spec's
/// layer selection reads it (4.2); the decoder has <c>num_decoder_layers</c> (default the same).
/// </summary>
/// <param name="DenseAct">the feed-forward activation: the part of <c>feed_forward_proj</c> after the last '-'
/// (<c>gated-gelu</c> means gelu_new, T5Config's backwards-compatibility rule).</param>
/// <param name="IsGatedAct">T5 v1.1's gated feed-forward (<c>wi_0</c>, <c>wi_1</c>) instead of v1.0's <c>wi</c>.</param>
public sealed record T5Config(
    string ModelType,
    int NumHiddenLayers,
    int HiddenSize,
    string? TorchDtype,
    IReadOnlyList<string> Architectures,
    int VocabSize,
    int NumDecoderLayers,
    int NumHeads,
    int DKv,
    int DFf,
    int RelativeAttentionNumBuckets,
    int RelativeAttentionMaxDistance,
    double LayerNormEpsilon,
    string DenseAct,
    bool IsGatedAct,
    int DecoderStartTokenId,
    LanguageModelHead Head)
    : ModelConfig(ModelType, NumHiddenLayers, HiddenSize, TorchDtype, Architectures)
{
    public int InnerDim => NumHeads * DKv;

    public static T5Config Parse(ConfigJson json)
    {
        int layers = json.Int("num_layers", 6, minimum: 1);
        string feedForward = json.String("feed_forward_proj", "relu");
        var parts = feedForward.Split('-');
        bool gated = parts[0] == "gated";
        // T5Config.__init__ raises for anything but "ACT" or "gated-ACT".
        if (parts.Length > 2 || (parts.Length == 2 && !gated))
            throw json.Invalid("feed_forward_proj", $"is '{feedForward}'; it must be an activation or 'gated-' followed by one");
        string act = feedForward == "gated-gelu" ? "gelu_new" : parts[^1];
        if (!Activations.IsKnown(act))
            throw json.Invalid("feed_forward_proj", $"names the activation '{act}', which ccs does not support (supported: {string.Join(", ", Activations.Names)})");
        int buckets = json.Int("relative_attention_num_buckets", 32, minimum: 2);
        return new T5Config(
            ModelType: "t5",
            NumHiddenLayers: layers,
            HiddenSize: json.Int("d_model", 512, minimum: 1),
            TorchDtype: json.OptionalString("torch_dtype"),
            Architectures: json.OptionalStringList("architectures") ?? [],
            VocabSize: json.Int("vocab_size", 32128, minimum: 1),
            NumDecoderLayers: json.Int("num_decoder_layers", layers, minimum: 1),
            NumHeads: json.Int("num_heads", 8, minimum: 1),
            DKv: json.Int("d_kv", 64, minimum: 1),
            DFf: json.Int("d_ff", 2048, minimum: 1),
            RelativeAttentionNumBuckets: buckets,
            RelativeAttentionMaxDistance: json.Int("relative_attention_max_distance", 128, minimum: buckets / 2 + 1),
            LayerNormEpsilon: json.Double("layer_norm_epsilon", 1e-6),
            DenseAct: act,
            IsGatedAct: gated,
            // T5 checkpoints state decoder_start_token_id; the pad token (0) is what they all use.
            DecoderStartTokenId: json.Int("decoder_start_token_id", json.Int("pad_token_id", 0)),
            Head: LanguageModelHead.Parse(json, tiedByDefault: true));
    }
}
