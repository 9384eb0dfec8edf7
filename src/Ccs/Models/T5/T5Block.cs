using Ccs.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.T5;

/// <summary>
/// modeling_t5.py <c>T5Block</c>: <c>layer.0</c> self-attention, in the decoder <c>layer.1</c> cross-attention,
/// then the feed-forward layer; each sub-layer is <c>x + f(layer_norm(x))</c>. float16 runs clamp after each
/// sub-layer as transformers does, to keep T5's large activations finite.
/// </summary>
public sealed class T5Block : nn.Module
{
    private readonly ModuleList<nn.Module> layer;

    public T5Block(T5Config config, bool isDecoder, bool hasRelativeAttentionBias, ModelPlacement placement) : base(nameof(T5Block))
    {
        var sublayers = new List<nn.Module> { new T5LayerSelfAttention(config, hasRelativeAttentionBias, placement) };
        if (isDecoder) sublayers.Add(new T5LayerCrossAttention(config, placement));
        sublayers.Add(new T5LayerFF(config, placement));
        layer = new ModuleList<nn.Module>(sublayers.ToArray());
        RegisterComponents();
    }

    /// <summary>The first layer's attention, which owns the stack's relative position bias.</summary>
    public T5Attention SelfAttention => ((T5LayerSelfAttention)layer[0]).Attention;

    public Tensor Forward(Tensor hidden, Tensor selfBias, Tensor? encoderStates, Tensor? crossBias)
    {
        using var scope = NewDisposeScope();
        hidden = ClampFloat16(((T5LayerSelfAttention)layer[0]).Forward(hidden, selfBias));
        if (encoderStates is not null)
            hidden = ClampFloat16(((T5LayerCrossAttention)layer[1]).Forward(hidden, encoderStates, crossBias!));
        hidden = ClampFloat16(((T5LayerFF)layer[^1]).Forward(hidden));
        return hidden.MoveToOuterDisposeScope();
    }

    /// <summary><c>clamp_value = finfo.max − 1000 if any inf else finfo.max</c>, float16 only (T5Block.forward).</summary>
    private static Tensor ClampFloat16(Tensor hidden)
    {
        if (hidden.dtype != ScalarType.Float16) return hidden;
        double max = finfo(ScalarType.Float16).max;
        double clamp = hidden.isinf().any().item<bool>() ? max - 1000 : max;
        return hidden.clamp(-clamp, clamp);
    }
}

/// <summary><c>T5LayerSelfAttention</c>: <c>x + SelfAttention(layer_norm(x))</c>.</summary>
public sealed class T5LayerSelfAttention : nn.Module
{
    private readonly T5Attention SelfAttention;
    private readonly RmsNorm layer_norm;

    public T5LayerSelfAttention(T5Config config, bool hasRelativeAttentionBias, ModelPlacement placement) : base(nameof(T5LayerSelfAttention))
    {
        SelfAttention = new T5Attention(config, hasRelativeAttentionBias, placement);
        layer_norm = new RmsNorm(config.HiddenSize, config.LayerNormEpsilon, placement);
        RegisterComponents();
    }

    public T5Attention Attention => SelfAttention;

    public Tensor Forward(Tensor hidden, Tensor bias)
    {
        using var scope = NewDisposeScope();
        var normed = layer_norm.call(hidden);
        return (hidden + SelfAttention.Forward(normed, normed, bias)).MoveToOuterDisposeScope();
    }
}

/// <summary><c>T5LayerCrossAttention</c>: <c>x + EncDecAttention(layer_norm(x), encoder output)</c>.</summary>
public sealed class T5LayerCrossAttention : nn.Module
{
    private readonly T5Attention EncDecAttention;
    private readonly RmsNorm layer_norm;

    public T5LayerCrossAttention(T5Config config, ModelPlacement placement) : base(nameof(T5LayerCrossAttention))
    {
        EncDecAttention = new T5Attention(config, hasRelativeAttentionBias: false, placement);
        layer_norm = new RmsNorm(config.HiddenSize, config.LayerNormEpsilon, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, Tensor encoderStates, Tensor bias)
    {
        using var scope = NewDisposeScope();
        return (hidden + EncDecAttention.Forward(layer_norm.call(hidden), encoderStates, bias)).MoveToOuterDisposeScope();
    }
}

/// <summary><c>T5LayerFF</c>: <c>x + DenseReluDense(layer_norm(x))</c>.</summary>
public sealed class T5LayerFF : nn.Module
{
    private readonly T5DenseActDense DenseReluDense;
    private readonly RmsNorm layer_norm;

    public T5LayerFF(T5Config config, ModelPlacement placement) : base(nameof(T5LayerFF))
    {
        DenseReluDense = new T5DenseActDense(config, placement);
        layer_norm = new RmsNorm(config.HiddenSize, config.LayerNormEpsilon, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return (hidden + DenseReluDense.Forward(layer_norm.call(hidden))).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>T5DenseGatedActDense</c> (v1.1: <c>wo(act(wi_0(x)) · wi_1(x))</c>) or <c>T5DenseActDense</c> (v1.0:
/// <c>wo(act(wi(x)))</c>).
/// </summary>
public sealed class T5DenseActDense : nn.Module
{
    private readonly Linear? wi;
    private readonly Linear? wi_0;
    private readonly Linear? wi_1;
    private readonly Linear wo;
    private readonly Func<Tensor, Tensor> _activation;

    public T5DenseActDense(T5Config config, ModelPlacement placement) : base(nameof(T5DenseActDense))
    {
        if (config.IsGatedAct)
        {
            wi_0 = new Linear(config.HiddenSize, config.DFf, hasBias: false, placement);
            wi_1 = new Linear(config.HiddenSize, config.DFf, hasBias: false, placement);
        }
        else
        {
            wi = new Linear(config.HiddenSize, config.DFf, hasBias: false, placement);
        }
        wo = new Linear(config.DFf, config.HiddenSize, hasBias: false, placement);
        _activation = Activations.Get(config.DenseAct);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var inner = wi is not null ? _activation(wi.call(hidden)) : _activation(wi_0!.call(hidden)) * wi_1!.call(hidden);
        return wo.call(inner).MoveToOuterDisposeScope();
    }
}
