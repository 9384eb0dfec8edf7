using Ccs.Checkpoints;

namespace Ccs.Models.Bert;

/// <summary><c>model_type: bert</c>.</summary>
public sealed class BertArchitecture : IModelArchitecture
{
    public string ModelType => "bert";

    // BertPreTrainedModel.base_model_prefix = "bert"; BertForPreTraining/MaskedLM keep their heads under "cls.".
    public CheckpointKeyRules KeyRules { get; } = new(["bert."], ["pooler.", "cls."]);

    public ModelConfig ParseConfig(ConfigJson json) => BertConfig.Parse(json, defaultPadTokenId: 0);

    public HiddenStateModel Create(ModelConfig config, ModelPlacement placement) => new BertModel((BertConfig)config, placement);
}
