using Ccs.Models.Decoding;
using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;
using LayerNorm = Ccs.Models.Layers.LayerNorm;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.GptNeoX;

/// <summary>
/// modeling_gpt_neox.py <c>GPTNeoXLayer</c>. Parallel residual (Pythia): <c>mlp(ln2(x)) + attn(ln1(x)) + x</c>;
/// otherwise sequential: <c>h = attn(ln1(x)) + x</c>, then <c>mlp(ln2(h)) + h</c> (the additions in its order).
/// </summary>
public sealed class GptNeoXLayer : nn.Module
{
    private readonly LayerNorm input_layernorm;
    private readonly LayerNorm post_attention_layernorm;
    private readonly GptNeoXAttention attention;
    private readonly GptNeoXMlp mlp;
    private readonly bool _parallel;

    public GptNeoXLayer(GptNeoXConfig config, ModelPlacement placement) : base(nameof(GptNeoXLayer))
    {
        _parallel = config.UseParallelResidual;
        input_layernorm = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        post_attention_layernorm = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        attention = new GptNeoXAttention(config, placement);
        mlp = new GptNeoXMlp(config, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var attended = attention.Forward(input_layernorm.call(hidden), step);
        Tensor output;
        if (_parallel)
        {
            output = mlp.Forward(post_attention_layernorm.call(hidden)) + attended + hidden;
        }
        else
        {
            var residual = attended + hidden;
            output = mlp.Forward(post_attention_layernorm.call(residual)) + residual;
        }
        return output.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>GPTNeoXAttention</c>: fused <c>query_key_value</c> laid out per head as [q | k | v]
/// (<c>view(..., heads, 3 · head_size)</c>, then slices of head_size), rotary on the first <c>rotary_ndims</c>
/// dimensions of q and k, attention scaled by head_size^-0.5, then <c>dense</c>.
/// </summary>
public sealed class GptNeoXAttention : nn.Module
{
    private readonly Linear query_key_value;
    private readonly Linear dense;
    private readonly int _heads;
    private readonly int _headSize;

    public GptNeoXAttention(GptNeoXConfig config, ModelPlacement placement) : base(nameof(GptNeoXAttention))
    {
        (_heads, _headSize) = (config.NumAttentionHeads, config.HeadSize);
        query_key_value = new Linear(config.HiddenSize, 3 * config.HiddenSize, config.AttentionBias, placement);
        dense = new Linear(config.HiddenSize, config.HiddenSize, config.AttentionBias, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        long batch = hidden.shape[0], length = hidden.shape[1];
        var qkv = query_key_value.call(hidden).view(batch, length, _heads, 3 * _headSize).permute(0, 2, 1, 3);
        var q = RotaryEmbedding.Apply(qkv.narrow(3, 0, _headSize), step.Cos!, step.Sin!);
        var k = RotaryEmbedding.Apply(qkv.narrow(3, _headSize, _headSize), step.Cos!, step.Sin!);
        var v = qkv.narrow(3, 2 * _headSize, _headSize);
        return dense.call(MultiHeadAttention.Attend(q, k, v, step)).MoveToOuterDisposeScope();
    }
}

/// <summary><c>GPTNeoXMLP</c>: <c>dense_4h_to_h(act(dense_h_to_4h(x)))</c>.</summary>
public sealed class GptNeoXMlp : nn.Module
{
    private readonly Linear dense_h_to_4h;
    private readonly Linear dense_4h_to_h;
    private readonly Func<Tensor, Tensor> _activation;

    public GptNeoXMlp(GptNeoXConfig config, ModelPlacement placement) : base(nameof(GptNeoXMlp))
    {
        dense_h_to_4h = new Linear(config.HiddenSize, config.IntermediateSize, hasBias: true, placement);
        dense_4h_to_h = new Linear(config.IntermediateSize, config.HiddenSize, hasBias: true, placement);
        _activation = Activations.Get(config.HiddenAct);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return dense_4h_to_h.call(_activation(dense_h_to_4h.call(hidden))).MoveToOuterDisposeScope();
    }
}
