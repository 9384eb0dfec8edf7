using Ccs.Checkpoints;

namespace Ccs.Models.T5;

/// <summary><c>model_type: t5</c> (T5 v1.0 and v1.1, Flan-T5).</summary>
public sealed class T5Architecture : IModelArchitecture
{
    public string ModelType => "t5";

    // T5PreTrainedModel.base_model_prefix = "transformer". The stacks' embed_tokens are the tied "shared"
    // matrix, and original T5 checkpoints carry an unused decoder cross-attention bias
    // (T5ForConditionalGeneration._keys_to_ignore_on_load_unexpected).
    public CheckpointKeyRules KeyRules { get; } = new(["transformer."], ["lm_head."],
        [@"^(encoder|decoder)\.embed_tokens\.weight$", @"^decoder\.block\.0\.layer\.1\.EncDecAttention\.relative_attention_bias\.weight$"]);

    public ModelConfig ParseConfig(ConfigJson json) => T5Config.Parse(json);

    public HiddenStateModel Create(ModelConfig config, ModelPlacement placement) => new T5Model((T5Config)config, placement);
}
