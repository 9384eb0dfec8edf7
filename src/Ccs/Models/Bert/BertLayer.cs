using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;
using LayerNorm = Ccs.Models.Layers.LayerNorm;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.Bert;

/// <summary>transformers' <c>BertLayer</c> (post-LN): attention, then intermediate (dense + act) and output (dense + residual LayerNorm).</summary>
public sealed class BertLayer : nn.Module
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertOutput output;

    public BertLayer(BertConfig config, ModelPlacement placement) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config, placement);
        intermediate = new BertIntermediate(config.HiddenSize, config.IntermediateSize, config.HiddenAct, placement);
        output = new BertOutput(config.IntermediateSize, config.HiddenSize, config.LayerNormEps, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hiddenStates, Tensor? keyPaddingBias)
    {
        using var attended = attention.Forward(hiddenStates, keyPaddingBias);
        using var expanded = intermediate.Forward(attended);
        return output.Forward(expanded, attended);
    }
}

/// <summary>transformers' <c>BertIntermediate</c> (DeBERTa-v2 copies it): act(dense(x)) with <c>ACT2FN[hidden_act]</c>.</summary>
public sealed class BertIntermediate : nn.Module
{
    private readonly Linear dense;
    private readonly Func<Tensor, Tensor> _activation;

    public BertIntermediate(int hiddenSize, int intermediateSize, string hiddenAct, ModelPlacement placement) : base(nameof(BertIntermediate))
    {
        dense = new Linear(hiddenSize, intermediateSize, hasBias: true, placement);
        _activation = Activations.Get(hiddenAct);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hiddenStates)
    {
        using var projected = dense.call(hiddenStates);
        return _activation(projected);
    }
}

/// <summary>
/// transformers' <c>BertOutput</c> and <c>BertSelfOutput</c> (same computation; DeBERTa-v2 copies both):
/// LayerNorm(dense(x) + residual).
/// </summary>
public sealed class BertOutput : nn.Module
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;

    public BertOutput(int inputSize, int hiddenSize, double layerNormEps, ModelPlacement placement) : base(nameof(BertOutput))
    {
        dense = new Linear(inputSize, hiddenSize, hasBias: true, placement);
        LayerNorm = new LayerNorm(hiddenSize, layerNormEps, placement);
        RegisterComponents();
    }

    public Tensor Forward(Tensor hiddenStates, Tensor inputTensor)
    {
        using var projected = dense.call(hiddenStates);
        using var residual = projected + inputTensor;
        return LayerNorm.call(residual);
    }
}
