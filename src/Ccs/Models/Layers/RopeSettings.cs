namespace Ccs.Models.Layers;

/// <summary>
/// The rotary-embedding fields of a config, resolved as transformers' <c>modeling_rope_utils.py</c> reads them
/// (<c>rope_theta</c>, the rotated dimensions <c>int(head_dim · partial_rotary_factor)</c>, and <c>rope_scaling</c>
/// with its <c>rope_type</c>, or the legacy <c>type</c>).
/// </summary>
/// <param name="Type"><c>default</c>, <c>linear</c>, <c>dynamic</c> or <c>llama3</c>.</param>
/// <param name="OriginalMaxPositions">llama3's <c>original_max_position_embeddings</c>.</param>
public sealed record RopeSettings(
    double Theta,
    int Dims,
    string Type,
    double Factor,
    double LowFreqFactor,
    double HighFreqFactor,
    int OriginalMaxPositions,
    int MaxPositionEmbeddings)
{
    public static readonly IReadOnlyList<string> SupportedTypes = ["default", "linear", "dynamic", "llama3"];

    public static RopeSettings Parse(ConfigJson json, double theta, int headDim, double partialRotaryFactor, int maxPositionEmbeddings)
    {
        int dims = (int)(headDim * partialRotaryFactor);
        if (dims < 2 || dims % 2 != 0)
            throw json.Invalid("partial_rotary_factor", $"gives {dims} rotated dimensions of {headDim}; rotary embeddings need an even number of at least 2");
        var scaling = json.Object("rope_scaling");
        if (scaling is null) return new RopeSettings(theta, dims, "default", 1, 1, 1, maxPositionEmbeddings, maxPositionEmbeddings);

        // rope_config_validation: "rope_type" wins over the legacy "type".
        string type = scaling.OptionalString("rope_type") ?? scaling.OptionalString("type")
                      ?? throw json.Invalid("rope_scaling", "has neither 'rope_type' nor 'type'");
        if (!SupportedTypes.Contains(type))
            throw json.Invalid("rope_scaling", $"has rope type '{type}', which ccs does not support (supported: {string.Join(", ", SupportedTypes)})");
        if (type == "default") return new RopeSettings(theta, dims, type, 1, 1, 1, maxPositionEmbeddings, maxPositionEmbeddings);

        double factor = scaling.Double("factor", double.NaN);
        if (!(factor >= 1)) throw scaling.Invalid("factor", "must be a number of at least 1");
        if (type != "llama3") return new RopeSettings(theta, dims, type, factor, 1, 1, maxPositionEmbeddings, maxPositionEmbeddings);

        // _validate_llama3_parameters requires all three.
        double low = scaling.Double("low_freq_factor", double.NaN);
        double high = scaling.Double("high_freq_factor", double.NaN);
        int original = scaling.Int("original_max_position_embeddings", 0);
        if (double.IsNaN(low) || double.IsNaN(high) || original <= 0)
            throw json.Invalid("rope_scaling", "of type llama3 needs low_freq_factor, high_freq_factor and original_max_position_embeddings");
        if (!(high > low)) throw scaling.Invalid("high_freq_factor", $"({high}) must be greater than low_freq_factor ({low})");
        return new RopeSettings(theta, dims, type, factor, low, high, original, maxPositionEmbeddings);
    }
}
