using Ccs.Models.Decoding;
using Ccs.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using LayerNorm = Ccs.Models.Layers.LayerNorm;

namespace Ccs.Models.Gpt2;

/// <summary>
/// modeling_gpt2.py <c>GPT2Model</c> (<c>wte</c>, <c>wpe</c>, <c>h</c>, <c>ln_f</c>) with <c>GPT2LMHeadModel</c>'s head,
/// tied to <c>wte</c> unless <c>tie_word_embeddings</c> is false (then its own <c>lm_head.weight</c>).
/// hidden_states[0] is <c>wte(ids) + wpe(positions)</c>.
/// </summary>
public sealed class Gpt2Model : CausalLanguageModel
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;
    private readonly Layers.Linear? lm_head;
    private readonly Gpt2Config _config;

    public Gpt2Model(Gpt2Config config, ModelPlacement placement) : base(nameof(Gpt2Model), config, placement)
    {
        _config = config;
        wte = new Embedding(config.VocabSize, config.HiddenSize, placement);
        wpe = new Embedding(config.MaxPositions, config.HiddenSize, placement);
        h = new ModuleList<Gpt2Block>(Enumerable.Range(0, config.NumHiddenLayers).Select(i => new Gpt2Block(i, config, placement)).ToArray());
        ln_f = new LayerNorm(config.HiddenSize, config.LayerNormEps, placement);
        lm_head = config.Head.HasOwnWeight ? new Layers.Linear(config.HiddenSize, config.VocabSize, hasBias: false, placement) : null;
        RegisterComponents();
    }

    public override bool HasLanguageModelHead => _config.Head.Present;

    protected override long MaxSequenceLength => _config.MaxPositions;

    protected override int LayerCount => h.Count;

    protected override RotaryEmbedding? Rotary => null;

    protected override Tensor Embed(Tensor inputIds, Tensor positionIds)
    {
        using var tokens = wte.call(inputIds);
        using var positions = wpe.call(positionIds);
        return tokens + positions;
    }

    protected override Tensor Layer(int index, Tensor hidden, DecoderStep step) => h[index].Forward(hidden, step);

    protected override Tensor FinalNorm(Tensor hidden) => ln_f.call(hidden);

    protected override Tensor Logits(Tensor hidden) =>
        lm_head is not null ? lm_head.call(hidden) : nn.functional.linear(hidden, wte.Weight);
}
