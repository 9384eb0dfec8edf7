using Ccs.Checkpoints;

namespace Ccs.Models.Gpt2;

/// <summary><c>model_type: gpt2</c>.</summary>
public sealed class Gpt2Architecture : IModelArchitecture
{
    public string ModelType => "gpt2";

    // GPT2PreTrainedModel.base_model_prefix = "transformer" (the original gpt2 checkpoints have no prefix);
    // GPT2LMHeadModel's tied "lm_head." may be stored anyway. Old checkpoints carry the causal-mask buffers
    // (GPT2LMHeadModel._keys_to_ignore_on_load_unexpected: attn.masked_bias, attn.bias).
    public CheckpointKeyRules KeyRules { get; } = new(["transformer."], ["lm_head.", "score.", "multiple_choice_head."], [@"^h\.\d+\.attn\.(masked_)?bias$"]);

    public ModelConfig ParseConfig(ConfigJson json) => Gpt2Config.Parse(json);

    public HiddenStateModel Create(ModelConfig config, ModelPlacement placement) => new Gpt2Model((Gpt2Config)config, placement);
}
