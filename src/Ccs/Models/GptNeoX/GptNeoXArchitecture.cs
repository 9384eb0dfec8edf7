using Ccs.Checkpoints;

namespace Ccs.Models.GptNeoX;

/// <summary><c>model_type: gpt_neox</c> (Pythia, GPT-NeoX-20B).</summary>
public sealed class GptNeoXArchitecture : IModelArchitecture
{
    public string ModelType => "gpt_neox";

    // base_model_prefix = "gpt_neox"; GPTNeoXForCausalLM's head is "embed_out." (ignored when tied or headless).
    // Pythia checkpoints carry the old attention buffers (bias, masked_bias, rotary_emb.inv_freq).
    public CheckpointKeyRules KeyRules { get; } = new(["gpt_neox."], ["embed_out.", "score."],
        [@"^layers\.\d+\.attention\.(bias|masked_bias|rotary_emb\.inv_freq)$"]);

    public ModelConfig ParseConfig(ConfigJson json) => GptNeoXConfig.Parse(json);

    public HiddenStateModel Create(ModelConfig config, ModelPlacement placement) => new GptNeoXModel((GptNeoXConfig)config, placement);
}
