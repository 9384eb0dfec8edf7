using Ccs.Models.Bert;
using Ccs.Models.DebertaV2;
using Ccs.Models.Gpt2;
using Ccs.Models.GptNeoX;
using Ccs.Models.Llama;
using Ccs.Models.Roberta;
using Ccs.Models.T5;

namespace Ccs.Models;

/// <summary>The architectures ccs can run, by <c>model_type</c>. New architectures register here.</summary>
public static class ModelArchitectures
{
    private static readonly Dictionary<string, IModelArchitecture> ByModelType = new IModelArchitecture[]
    {
        new BertArchitecture(),
        new RobertaArchitecture(),
        new DebertaV2Architecture(),
        new Gpt2Architecture(),
        new GptNeoXArchitecture(),
        LlamaArchitecture.Llama,
        LlamaArchitecture.Mistral,
        LlamaArchitecture.Qwen2,
        new T5Architecture(),
    }.ToDictionary(a => a.ModelType, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> SupportedModelTypes => ByModelType.Keys;

    public static bool IsSupported(string modelType) => ByModelType.ContainsKey(modelType);

    /// <summary>The architecture named by the config's <c>model_type</c>; one clear error when it is unknown.</summary>
    public static IModelArchitecture For(ConfigJson config)
    {
        string modelType = config.OptionalString("model_type")
                           ?? throw config.Invalid("model_type", "is missing, so the architecture is unknown");
        return ByModelType.GetValueOrDefault(modelType)
               ?? throw config.Invalid("model_type",
                   $"is '{modelType}', which ccs does not support (supported: {string.Join(", ", ByModelType.Keys.Order(StringComparer.Ordinal))})");
    }
}
