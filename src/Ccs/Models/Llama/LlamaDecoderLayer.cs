using Ccs.Models.Decoding;
using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.Llama;

/// <summary>
/// modeling_llama.py <c>LlamaDecoderLayer</c> (pre-norm): <c>h = x + self_attn(input_layernorm(x))</c>, then
/// <c>h + mlp(post_attention_layernorm(h))</c>. Mistral's and Qwen2's layers are copies.
/// </summary>
public sealed class LlamaDecoderLayer : nn.Module
{
    private readonly LlamaAttention self_attn;
    private readonly LlamaMlp mlp;
    private readonly RmsNorm input_layernorm;
    private readonly RmsNorm post_attention_layernorm;
    public LlamaDecoderLayer(LlamaConfig config, ModelPlacement placement) : base(nameof(LlamaDecoderLayer))
    {
        self_attn = new LlamaAttention(config, placement);
        mlp = new LlamaMlp(config, placement);
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, placement);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var attended = hidden + self_attn.Forward(input_layernorm.call(hidden), step);
        return (attended + mlp.Forward(post_attention_layernorm.call(attended))).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>LlamaAttention</c>: q/k/v projections split into heads (<c>view(hidden_shape).transpose(1, 2)</c>), rotary on
/// queries and keys, grouped-query attention with scale head_dim^-0.5, <c>o_proj</c>.
/// </summary>
public sealed class LlamaAttention : nn.Module
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;

    public LlamaAttention(LlamaConfig config, ModelPlacement placement) : base(nameof(LlamaAttention))
    {
        (_heads, _kvHeads, _headDim) = (config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim);
        q_proj = new Linear(config.HiddenSize, _heads * _headDim, config.QkvBias, placement);
        k_proj = new Linear(config.HiddenSize, _kvHeads * _headDim, config.QkvBias, placement);
        v_proj = new Linear(config.HiddenSize, _kvHeads * _headDim, config.QkvBias, placement);
        o_proj = new Linear(_heads * _headDim, config.HiddenSize, config.OutputBias, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var q = MultiHeadAttention.SplitHeads(q_proj.call(hidden), _heads, _headDim);
        var k = MultiHeadAttention.SplitHeads(k_proj.call(hidden), _kvHeads, _headDim);
        var v = MultiHeadAttention.SplitHeads(v_proj.call(hidden), _kvHeads, _headDim);
        q = RotaryEmbedding.Apply(q, step.Cos!, step.Sin!);
        k = RotaryEmbedding.Apply(k, step.Cos!, step.Sin!);
        return o_proj.call(MultiHeadAttention.Attend(q, k, v, step)).MoveToOuterDisposeScope();
    }
}

/// <summary><c>LlamaMLP</c> (SwiGLU): <c>down_proj(act(gate_proj(x)) · up_proj(x))</c>.</summary>
public sealed class LlamaMlp : nn.Module
{
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;
    private readonly Func<Tensor, Tensor> _activation;

    public LlamaMlp(LlamaConfig config, ModelPlacement placement) : base(nameof(LlamaMlp))
    {
        gate_proj = new Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, placement);
        up_proj = new Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, placement);
        down_proj = new Linear(config.IntermediateSize, config.HiddenSize, config.MlpBias, placement);
        _activation = Activations.Get(config.HiddenAct);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return down_proj.call(_activation(gate_proj.call(x)) * up_proj.call(x)).MoveToOuterDisposeScope();
    }
}
