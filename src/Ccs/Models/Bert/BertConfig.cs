using Ccs.Models.Layers;

namespace Ccs.Models.Bert;

/// <summary>
/// The fields of transformers' <c>BertConfig</c> (configuration_bert.py) that the forward pass uses; RoBERTa's
/// <c>RobertaConfig</c> has the same fields and differs only in the default <c>pad_token_id</c> (1).
/// </summary>
public sealed record BertConfig(
    string ModelType,
    int NumHiddenLayers,
    int HiddenSize,
    string? TorchDtype,
    IReadOnlyList<string> Architectures,
    int VocabSize,
    int NumAttentionHeads,
    int IntermediateSize,
    string HiddenAct,
    int MaxPositionEmbeddings,
    int TypeVocabSize,
    double LayerNormEps,
    int PadTokenId)
    : ModelConfig(ModelType, NumHiddenLayers, HiddenSize, TorchDtype, Architectures)
{
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>Reads a BERT-family config with the config class's defaults for missing keys.</summary>
    public static BertConfig Parse(ConfigJson json, int defaultPadTokenId)
    {
        var config = new BertConfig(
            ModelType: json.String("model_type", "bert"),
            NumHiddenLayers: json.Int("num_hidden_layers", 12, minimum: 1),
            HiddenSize: json.Int("hidden_size", 768, minimum: 1),
            TorchDtype: json.OptionalString("torch_dtype"),
            Architectures: json.OptionalStringList("architectures") ?? [],
            VocabSize: json.Int("vocab_size", 30522, minimum: 1),
            NumAttentionHeads: json.Int("num_attention_heads", 12, minimum: 1),
            IntermediateSize: json.Int("intermediate_size", 3072, minimum: 1),
            HiddenAct: json.String("hidden_act", "gelu"),
            MaxPositionEmbeddings: json.Int("max_position_embeddings", 512, minimum: 1),
            TypeVocabSize: json.Int("type_vocab_size", 2, minimum: 1),
            LayerNormEps: json.Double("layer_norm_eps", 1e-12),
            PadTokenId: json.Int("pad_token_id", defaultPadTokenId));

        // BertSelfAttention.__init__ raises the same way.
        if (config.HiddenSize % config.NumAttentionHeads != 0)
            throw json.Invalid("hidden_size", $"({config.HiddenSize}) is not a multiple of num_attention_heads ({config.NumAttentionHeads})");
        if (!Activations.IsKnown(config.HiddenAct))
            throw json.Invalid("hidden_act", $"is '{config.HiddenAct}', which ccs does not support (supported: {string.Join(", ", Activations.Names)})");
        string positions = json.String("position_embedding_type", "absolute");
        if (positions != "absolute")
            throw json.Invalid("position_embedding_type", $"is '{positions}'; ccs supports only 'absolute'");
        // A BERT configured as a decoder masks attention causally; ccs runs the encoders bidirectionally only.
        if (json.Bool("is_decoder", false))
            throw json.Invalid("is_decoder", "is true; ccs runs BERT-family models as encoders only");
        return config;
    }
}
