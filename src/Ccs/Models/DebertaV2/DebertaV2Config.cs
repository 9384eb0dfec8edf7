using System.Text.Json;
using Ccs.Models.Layers;

namespace Ccs.Models.DebertaV2;

/// <summary>
/// The fields of transformers' <c>DebertaV2Config</c> (configuration_deberta_v2.py) plus the ones
/// modeling_deberta_v2.py reads with <c>getattr(config, name, default)</c> (position_buckets, share_att_key,
/// norm_rel_ebd, conv_*, attention_head_size, embedding_size), with those defaults.
/// </summary>
public sealed record DebertaV2Config(
    string ModelType,
    int NumHiddenLayers,
    int HiddenSize,
    string? TorchDtype,
    IReadOnlyList<string> Architectures,
    int VocabSize,
    int NumAttentionHeads,
    int AttentionHeadSize,
    int IntermediateSize,
    string HiddenAct,
    int MaxPositionEmbeddings,
    int TypeVocabSize,
    double LayerNormEps,
    int EmbeddingSize,
    bool PositionBiasedInput,
    bool RelativeAttention,
    int MaxRelativePositions,
    int PositionBuckets,
    IReadOnlyList<string> PosAttType,
    bool ShareAttKey,
    IReadOnlyList<string> NormRelEbd,
    int ConvKernelSize,
    int ConvGroups,
    string ConvAct)
    : ModelConfig(ModelType, NumHiddenLayers, HiddenSize, TorchDtype, Architectures)
{
    public bool ContentToPosition => PosAttType.Contains("c2p");

    public bool PositionToContent => PosAttType.Contains("p2c");

    /// <summary>DisentangledSelfAttention.pos_ebd_size, the attention span: position_buckets if set, else max_relative_positions.</summary>
    public int PositionEmbeddingSize => PositionBuckets > 0 ? PositionBuckets : MaxRelativePositions;

    public bool LayerNormsRelativeEmbeddings => NormRelEbd.Contains("layer_norm");

    public static DebertaV2Config Parse(ConfigJson json)
    {
        int hidden = json.Int("hidden_size", 1536, minimum: 1);
        int heads = json.Int("num_attention_heads", 24, minimum: 1);
        int maxPositions = json.Int("max_position_embeddings", 512, minimum: 1);
        // DebertaV2Encoder / DisentangledSelfAttention: max_relative_positions < 1 means max_position_embeddings.
        int maxRelative = json.Int("max_relative_positions", -1);
        var config = new DebertaV2Config(
            ModelType: json.String("model_type", "deberta-v2"),
            NumHiddenLayers: json.Int("num_hidden_layers", 24, minimum: 1),
            HiddenSize: hidden,
            TorchDtype: json.OptionalString("torch_dtype"),
            Architectures: json.OptionalStringList("architectures") ?? [],
            VocabSize: json.Int("vocab_size", 128100, minimum: 1),
            NumAttentionHeads: heads,
            AttentionHeadSize: json.Int("attention_head_size", hidden / heads, minimum: 1),
            IntermediateSize: json.Int("intermediate_size", 6144, minimum: 1),
            HiddenAct: json.String("hidden_act", "gelu"),
            MaxPositionEmbeddings: maxPositions,
            TypeVocabSize: json.Int("type_vocab_size", 0, minimum: 0),
            LayerNormEps: json.Double("layer_norm_eps", 1e-7),
            EmbeddingSize: json.Int("embedding_size", hidden, minimum: 1),
            PositionBiasedInput: json.Bool("position_biased_input", true),
            RelativeAttention: json.Bool("relative_attention", false),
            MaxRelativePositions: maxRelative < 1 ? maxPositions : maxRelative,
            PositionBuckets: json.Int("position_buckets", -1),
            PosAttType: PosAttTypes(json),
            ShareAttKey: json.Bool("share_att_key", false),
            // DebertaV2Encoder: [x.strip() for x in norm_rel_ebd.lower().split("|")].
            NormRelEbd: json.String("norm_rel_ebd", "none").ToLowerInvariant().Split('|').Select(x => x.Trim()).ToList(),
            ConvKernelSize: json.Int("conv_kernel_size", 0, minimum: 0),
            ConvGroups: json.Int("conv_groups", 1, minimum: 1),
            ConvAct: json.String("conv_act", "tanh"));

        if (hidden % heads != 0)
            throw json.Invalid("hidden_size", $"({hidden}) is not a multiple of num_attention_heads ({heads})");
        foreach (var (key, name) in new[] { ("hidden_act", config.HiddenAct), ("conv_act", config.ConvAct) })
        {
            if (!Activations.IsKnown(name))
                throw json.Invalid(key, $"is '{name}', which ccs does not support (supported: {string.Join(", ", Activations.Names)})");
        }
        if (config.ConvKernelSize > 0 && hidden % config.ConvGroups != 0)
            throw json.Invalid("conv_groups", $"({config.ConvGroups}) does not divide hidden_size ({hidden})");
        if (config.PositionBuckets > 0 && config.MaxRelativePositions < 2)
            throw json.Invalid("max_relative_positions", "must be at least 2 with position_buckets");
        return config;
    }

    /// <summary>DebertaV2Config.__init__: a string such as "p2c|c2p" is split on "|"; null means none.</summary>
    private static IReadOnlyList<string> PosAttTypes(ConfigJson json) => json.Kind("pos_att_type") switch
    {
        JsonValueKind.String => json.OptionalString("pos_att_type")!.ToLowerInvariant().Split('|').Select(x => x.Trim()).ToList(),
        JsonValueKind.Undefined => [],
        _ => json.OptionalStringList("pos_att_type")!,
    };
}
