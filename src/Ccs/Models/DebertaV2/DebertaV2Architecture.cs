using Ccs.Checkpoints;

namespace Ccs.Models.DebertaV2;

/// <summary><c>model_type: deberta-v2</c> (DeBERTa-v2 and v3).</summary>
public sealed class DebertaV2Architecture : IModelArchitecture
{
    public string ModelType => "deberta-v2";

    // DebertaV2PreTrainedModel.base_model_prefix = "deberta". Heads: pooler (ContextPooler of the classification
    // class), lm_predictions (MaskedLM), mask_predictions (replaced-token detection). _keys_to_ignore_on_load_unexpected
    // = ["position_embeddings"]: checkpoints without position_biased_input may still carry the table.
    public CheckpointKeyRules KeyRules { get; } = new(["deberta."], ["pooler.", "lm_predictions.", "mask_predictions.", "cls.", "embeddings.position_embeddings."]);

    public ModelConfig ParseConfig(ConfigJson json) => DebertaV2Config.Parse(json);

    public HiddenStateModel Create(ModelConfig config, ModelPlacement placement) => new DebertaV2Model((DebertaV2Config)config, placement);
}
