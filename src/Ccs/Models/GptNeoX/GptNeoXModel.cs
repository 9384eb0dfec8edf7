using Ccs.Models.Decoding;
using Ccs.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using LayerNorm = Ccs.Models.Layers.LayerNorm;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.GptNeoX;

/// <summary>
/// modeling_gpt_neox.py <c>GPTNeoXModel</c> (<c>embed_in</c>, <c>layers</c>, <c>final_layer_norm</c>) with
/// <c>GPTNeoXForCausalLM</c>'s untied head <c>embed_out</c>.
/// </summary>
public sealed class GptNeoXModel : CausalLanguageModel
{
    private readonly Embedding embed_in;
    private readonly ModuleList<GptNeoXLayer> layers;
    private readonly LayerNorm final_layer_norm;
    private readonly Linear? embed_out;
    private readonly GptNeoXConfig _config;
    private readonly RotaryEmbedding _rotary;

    public GptNeoXModel(GptNeoXConfig config, ModelPlacement placement) : base(nameof(GptNeoXModel), config, placement)
    {
        _config = config;
        embed_in = new Embedding(config.VocabSize, config.HiddenSize, placement);
        layers = new ModuleList<GptNeoXLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new GptNeoXLayer(config, placement)).ToArray());
        final_layer_norm = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        embed_out = config.Head.HasOwnWeight ? new Linear(config.HiddenSize, config.VocabSize, hasBias: false, placement) : null;
        _rotary = new RotaryEmbedding(config.Rope, placement.Device);
        RegisterComponents();
    }

    public override bool HasLanguageModelHead => _config.Head.Present;

    protected override long MaxSequenceLength => int.MaxValue;

    protected override int LayerCount => layers.Count;

    protected override RotaryEmbedding Rotary => _rotary;

    protected override Tensor Embed(Tensor inputIds, Tensor positionIds) => embed_in.call(inputIds);

    protected override Tensor Layer(int index, Tensor hidden, DecoderStep step) => layers[index].Forward(hidden, step);

    protected override Tensor FinalNorm(Tensor hidden) => final_layer_norm.call(hidden);

    protected override Tensor Logits(Tensor hidden) =>
        embed_out is not null ? embed_out.call(hidden) : nn.functional.linear(hidden, embed_in.Weight);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rotary.Dispose();
        base.Dispose(disposing);
    }
}
