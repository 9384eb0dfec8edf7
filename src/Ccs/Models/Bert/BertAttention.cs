using TorchSharp;
using static TorchSharp.torch;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.Bert;

/// <summary>transformers' <c>BertAttention</c>: <c>self</c> (query/key/value) and <c>output</c> (dense + residual LayerNorm).</summary>
public sealed class BertAttention : nn.Module
{
    private readonly BertSelfAttention @self;
    private readonly BertOutput output;

    public BertAttention(BertConfig config, ModelPlacement placement) : base(nameof(BertAttention))
    {
        @self = new BertSelfAttention(config, placement);
        output = new BertOutput(config.HiddenSize, config.HiddenSize, config.LayerNormEps, placement);   // BertSelfOutput
        RegisterComponents();
    }

    public Tensor Forward(Tensor hiddenStates, Tensor? keyPaddingBias)
    {
        using var context = @self.Forward(hiddenStates, keyPaddingBias);
        return output.Forward(context, hiddenStates);
    }
}

/// <summary>
/// transformers' <c>BertSelfAttention</c> / <c>BertSdpaSelfAttention</c>: softmax(q kᵀ / sqrt(head_size) + mask) v
/// per head, computed by <c>scaled_dot_product_attention</c> with the same additive mask, or none without padding
/// (its default scale is 1/sqrt(head_size)).
/// </summary>
public sealed class BertSelfAttention : nn.Module
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly int _heads;
    private readonly int _headSize;

    public BertSelfAttention(BertConfig config, ModelPlacement placement) : base(nameof(BertSelfAttention))
    {
        _heads = config.NumAttentionHeads;
        _headSize = config.HeadSize;
        query = new Linear(config.HiddenSize, config.HiddenSize, hasBias: true, placement);
        key = new Linear(config.HiddenSize, config.HiddenSize, hasBias: true, placement);
        value = new Linear(config.HiddenSize, config.HiddenSize, hasBias: true, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hiddenStates, Tensor? keyPaddingBias)
    {
        using var scope = NewDisposeScope();
        long batch = hiddenStates.shape[0], length = hiddenStates.shape[1];
        // transpose_for_scores: (batch, length, heads * size) -> (batch, heads, length, size).
        var q = query.call(hiddenStates).view(batch, length, _heads, _headSize).transpose(1, 2);
        var k = key.call(hiddenStates).view(batch, length, _heads, _headSize).transpose(1, 2);
        var v = value.call(hiddenStates).view(batch, length, _heads, _headSize).transpose(1, 2);
        var context = nn.functional.scaled_dot_product_attention(q, k, v, keyPaddingBias);
        return context.transpose(1, 2).reshape(batch, length, _heads * _headSize).MoveToOuterDisposeScope();
    }
}
