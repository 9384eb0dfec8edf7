using static TorchSharp.torch;

namespace Ccs.Models.Decoding;

/// <summary>
/// What every layer of a decoder stack needs besides its input, computed once per forward pass: the additive
/// causal/padding mask (batch, 1, queries, keys), or null for plain causal attention (no padding, no cache, no window),
/// the rotary cos/sin of the query positions (null without
/// rotary embeddings), and the prompt's keys/values when continuing a cached prompt.
/// </summary>
public sealed record DecoderStep(Tensor? AttentionBias, Tensor? Cos, Tensor? Sin, KeyValueCache? Cache);
