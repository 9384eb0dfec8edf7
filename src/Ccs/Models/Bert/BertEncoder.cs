using Ccs.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ccs.Models.Bert;

/// <summary>transformers' <c>BertEncoder</c>: the stack <c>layer.0 … layer.{L-1}</c>; RoBERTa uses it unchanged.</summary>
public sealed class BertEncoder : nn.Module
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config, ModelPlacement placement) : base(nameof(BertEncoder))
    {
        layer = new ModuleList<BertLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config, placement)).ToArray());
        RegisterComponents();
    }

    /// <summary>The embedding output followed by every layer's output (HF <c>all_hidden_states</c>).</summary>
    public Tensor[] Forward(Tensor embeddingOutput, Tensor attentionMask)
    {
        // No padding, no mask (modeling_attn_mask_utils.py _prepare_4d_attention_mask_for_sdpa returns None when the
        // mask is all ones): an all-zero additive mask changes nothing but keeps attention off its unmasked kernel.
        using var bias = AttentionMasks.HasPadding(attentionMask) ? AttentionMasks.KeyPaddingBias(attentionMask, embeddingOutput.dtype) : null;
        var states = new Tensor[layer.Count + 1];
        states[0] = embeddingOutput;
        for (int i = 0; i < layer.Count; i++) states[i + 1] = layer[i].Forward(states[i], bias);
        return states;
    }
}
