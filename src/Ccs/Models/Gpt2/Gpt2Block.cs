using Ccs.Models.Decoding;
using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;
using LayerNorm = Ccs.Models.Layers.LayerNorm;

namespace Ccs.Models.Gpt2;

/// <summary>
/// modeling_gpt2.py <c>GPT2Block</c> (pre-norm): <c>h = x + attn(ln_1(x))</c>, then <c>h + mlp(ln_2(h))</c>.
/// </summary>
public sealed class Gpt2Block : nn.Module
{
    private readonly LayerNorm ln_1;
    private readonly Gpt2Attention attn;
    private readonly LayerNorm ln_2;
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(int index, Gpt2Config config, ModelPlacement placement) : base(nameof(Gpt2Block))
    {
        ln_1 = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        attn = new Gpt2Attention(index, config, placement);
        ln_2 = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        mlp = new Gpt2Mlp(config, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var attended = attn.Forward(ln_1.call(hidden), step) + hidden;
        return (attended + mlp.Forward(ln_2.call(attended))).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>GPT2Attention</c>: fused <c>c_attn</c> split into q, k, v (<c>split(split_size, dim=2)</c>), per-head attention
/// scaled by 1/sqrt(head_dim) (<c>scale_attn_weights</c>) and 1/(layer + 1) (<c>scale_attn_by_inverse_layer_idx</c>),
/// then <c>c_proj</c>.
/// </summary>
public sealed class Gpt2Attention : nn.Module
{
    private readonly Gpt2Conv1D c_attn;
    private readonly Gpt2Conv1D c_proj;
    private readonly int _heads;
    private readonly int _headDim;
    private readonly double _scale;

    public Gpt2Attention(int layer, Gpt2Config config, ModelPlacement placement) : base(nameof(Gpt2Attention))
    {
        (_heads, _headDim) = (config.NumHeads, config.HeadDim);
        c_attn = new Gpt2Conv1D(config.HiddenSize, 3 * config.HiddenSize, placement);
        c_proj = new Gpt2Conv1D(config.HiddenSize, config.HiddenSize, placement);
        double scale = config.ScaleAttnWeights ? 1 / Math.Sqrt(_headDim) : 1;
        _scale = config.ScaleAttnByInverseLayerIdx ? scale / (layer + 1) : scale;
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var qkv = c_attn.call(hidden).split(_heads * _headDim, 2);
        var q = MultiHeadAttention.SplitHeads(qkv[0], _heads, _headDim);
        var k = MultiHeadAttention.SplitHeads(qkv[1], _heads, _headDim);
        var v = MultiHeadAttention.SplitHeads(qkv[2], _heads, _headDim);
        var context = MultiHeadAttention.Attend(q, k, v, step, _scale == 1 / Math.Sqrt(_headDim) ? null : _scale);
        return c_proj.call(context).MoveToOuterDisposeScope();
    }
}

/// <summary><c>GPT2MLP</c>: <c>c_proj(act(c_fc(x)))</c> with <c>ACT2FN[activation_function]</c>.</summary>
public sealed class Gpt2Mlp : nn.Module
{
    private readonly Gpt2Conv1D c_fc;
    private readonly Gpt2Conv1D c_proj;
    private readonly Func<Tensor, Tensor> _activation;

    public Gpt2Mlp(Gpt2Config config, ModelPlacement placement) : base(nameof(Gpt2Mlp))
    {
        c_fc = new Gpt2Conv1D(config.HiddenSize, config.InnerSize, placement);
        c_proj = new Gpt2Conv1D(config.InnerSize, config.HiddenSize, placement);
        _activation = Activations.Get(config.Activation);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return c_proj.call(_activation(c_fc.call(hidden))).MoveToOuterDisposeScope();
    }
}
