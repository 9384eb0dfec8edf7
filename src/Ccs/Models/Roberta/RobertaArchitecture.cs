using Ccs.Checkpoints;
using Ccs.Models.Bert;

namespace Ccs.Models.Roberta;

/// <summary><c>model_type: roberta</c>.</summary>
public sealed class RobertaArchitecture : IModelArchitecture
{
    public string ModelType => "roberta";

    // RobertaPreTrainedModel.base_model_prefix = "roberta"; RobertaForMaskedLM/CausalLM keep their head in "lm_head.".
    public CheckpointKeyRules KeyRules { get; } = new(["roberta."], ["pooler.", "lm_head."]);

    // RobertaConfig: BertConfig's fields, pad_token_id defaulting to 1.
    public ModelConfig ParseConfig(ConfigJson json) => BertConfig.Parse(json, defaultPadTokenId: 1);

    public HiddenStateModel Create(ModelConfig config, ModelPlacement placement) => new RobertaModel((BertConfig)config, placement);
}
