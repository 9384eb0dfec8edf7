using Ccs.Checkpoints;

namespace Ccs.Models;

/// <summary>One transformers architecture (one <c>model_type</c>): its config record, its module, its key rules.</summary>
public interface IModelArchitecture
{
    /// <summary>transformers' <c>model_type</c> (e.g. <c>bert</c>, <c>deberta-v2</c>).</summary>
    string ModelType { get; }

    /// <summary>Prefixes and heads of the task-class checkpoints this architecture's weights come in.</summary>
    CheckpointKeyRules KeyRules { get; }

    /// <summary>Reads and validates the architecture's fields, with transformers' defaults for missing keys.</summary>
    ModelConfig ParseConfig(ConfigJson json);

    /// <summary>The module with uninitialised parameters named as the transformers state-dict keys.</summary>
    HiddenStateModel Create(ModelConfig config, ModelPlacement placement);
}
