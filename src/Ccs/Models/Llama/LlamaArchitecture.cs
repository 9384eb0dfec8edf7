using Ccs.Checkpoints;

namespace Ccs.Models.Llama;

/// <summary>
/// <c>model_type</c> <c>llama</c>, <c>mistral</c> and <c>qwen2</c>: one module (<see cref="LlamaModel"/>), three config readers.
/// </summary>
public sealed class LlamaArchitecture(string modelType, Func<ConfigJson, LlamaConfig> parse) : IModelArchitecture
{
    public static LlamaArchitecture Llama => new("llama", LlamaConfig.ParseLlama);

    public static LlamaArchitecture Mistral => new("mistral", LlamaConfig.ParseMistral);

    public static LlamaArchitecture Qwen2 => new("qwen2", LlamaConfig.ParseQwen2);

    public string ModelType => modelType;

    // base_model_prefix = "model"; *ForCausalLM keep the head in "lm_head." (ignored when tied or headless),
    // *ForSequenceClassification in "score.". Older checkpoints stored the rotary inv_freq buffer.
    public CheckpointKeyRules KeyRules { get; } = new(["model."], ["lm_head.", "score."], [@"^layers\.\d+\.self_attn\.rotary_emb\.inv_freq$"]);

    public ModelConfig ParseConfig(ConfigJson json) => parse(json);

    public HiddenStateModel Create(ModelConfig config, ModelPlacement placement) => new LlamaModel((LlamaConfig)config, placement);
}
