using Ccs.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ccs.Models.T5;

/// <summary>
/// modeling_t5.py <c>T5Stack</c> after its embedding lookup: <c>block.0 … block.{n-1}</c> and <c>final_layer_norm</c>.
/// The encoder attends bidirectionally; the decoder causally and to the encoder output.
/// </summary>
public sealed class T5Stack : nn.Module
{
    private readonly ModuleList<T5Block> block;
    private readonly RmsNorm final_layer_norm;
    private readonly bool _isDecoder;

    public T5Stack(T5Config config, bool isDecoder, ModelPlacement placement) : base(nameof(T5Stack))
    {
        _isDecoder = isDecoder;
        int depth = isDecoder ? config.NumDecoderLayers : config.NumHiddenLayers;
        block = new ModuleList<T5Block>(Enumerable.Range(0, depth).Select(i => new T5Block(config, isDecoder, hasRelativeAttentionBias: i == 0, placement)).ToArray());
        final_layer_norm = new RmsNorm(config.HiddenSize, config.LayerNormEpsilon, placement);
        RegisterComponents();
    }

    /// <summary>
    /// The embedding output, every block's output and, last, the final norm of the last block's output
    /// (T5Stack's <c>all_hidden_states</c>). <paramref name="attentionMask"/> masks this stack's own tokens;
    /// the decoder also gets the encoder output and its mask.
    /// </summary>
    public Tensor[] Forward(Tensor embedded, Tensor attentionMask, Tensor? encoderStates = null, Tensor? encoderMask = null)
    {
        using var scope = NewDisposeScope();
        var dtype = embedded.dtype;
        long length = embedded.shape[1];
        // position_bias = compute_bias(...) + mask: the mask is folded in once and the sum is shared by every block.
        var mask = _isDecoder
            ? CausalMasks.Bias(attentionMask, slidingWindow: null, dtype)
            : AttentionMasks.KeyPaddingBias(attentionMask, dtype);
        var selfBias = block[0].SelfAttention.ComputeBias(length, length, bidirectional: !_isDecoder).to(dtype) + mask;
        // The cross-attention has no relative bias: zeros + the encoder's padding mask.
        var crossBias = encoderMask is null ? null : AttentionMasks.KeyPaddingBias(encoderMask, dtype).expand(-1, 1, length, -1);

        var states = new Tensor[block.Count + 1];
        states[0] = embedded.alias();
        for (int i = 0; i < block.Count; i++) states[i + 1] = block[i].Forward(states[i], selfBias, encoderStates, crossBias);
        states[^1] = final_layer_norm.call(states[^1]);
        foreach (var state in states) state.MoveToOuterDisposeScope();
        return states;
    }
}
