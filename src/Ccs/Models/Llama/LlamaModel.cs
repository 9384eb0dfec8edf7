using Ccs.Models.Decoding;
using Ccs.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.Llama;

/// <summary>
/// modeling_llama.py <c>LlamaModel</c> (<c>embed_tokens</c>, <c>layers</c>, <c>norm</c>) with <c>LlamaForCausalLM</c>'s
/// <c>lm_head</c> when the checkpoint has an untied one; Mistral and Qwen2 (modeling_mistral.py,
/// modeling_qwen2.py) are the same module with their config's biases and sliding window.
/// </summary>
public sealed class LlamaModel : CausalLanguageModel
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
    private readonly Linear? lm_head;
    private readonly LlamaConfig _config;
    private readonly RotaryEmbedding _rotary;

    public LlamaModel(LlamaConfig config, ModelPlacement placement) : base(nameof(LlamaModel), config, placement)
    {
        _config = config;
        embed_tokens = new Embedding(config.VocabSize, config.HiddenSize, placement);
        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new LlamaDecoderLayer(config, placement)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, placement);
        lm_head = config.Head.HasOwnWeight ? new Linear(config.HiddenSize, config.VocabSize, hasBias: false, placement) : null;
        _rotary = new RotaryEmbedding(config.Rope, placement.Device);
        RegisterComponents();
    }

    public override bool HasLanguageModelHead => _config.Head.Present;

    // Rotary positions have no table limit; the tokenizer's model_max_length decides what is too long.
    protected override long MaxSequenceLength => int.MaxValue;

    protected override int LayerCount => layers.Count;

    protected override RotaryEmbedding Rotary => _rotary;

    protected override int? SlidingWindow => _config.SlidingWindow;

    protected override Tensor Embed(Tensor inputIds, Tensor positionIds) => embed_tokens.call(inputIds);

    protected override Tensor Layer(int index, Tensor hidden, DecoderStep step) => layers[index].Forward(hidden, step);

    protected override Tensor FinalNorm(Tensor hidden) => norm.call(hidden);

    protected override Tensor Logits(Tensor hidden) =>
        lm_head is not null ? lm_head.call(hidden) : nn.functional.linear(hidden, embed_tokens.Weight);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rotary.Dispose();
        base.Dispose(disposing);
    }
}
