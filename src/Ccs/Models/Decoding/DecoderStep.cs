using static TorchSharp.torch;

namespace Ccs.Models.Decoding;

/// <summary>
/// What every layer of a decoder stack needs besides its input, computed once per forward pass: the additive
/// causal/padding mask (batch, 1, queries, keys), or null for plain causal attention (no padding, no window, no
/// packed answers), and the rotary cos/sin of the query positions (null without rotary embeddings).
/// </summary>
public sealed record DecoderStep(Tensor? AttentionBias, Tensor? Cos, Tensor? Sin);
