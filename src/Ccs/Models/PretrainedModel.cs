using Ccs.Checkpoints;

namespace Ccs.Models;

/// <summary>Opens a Hugging Face model folder (<c>config.json</c> + safetensors weights) as a hidden-state model.</summary>
public static class PretrainedModel
{
    public const string ConfigFile = "config.json";

    /// <summary>The validated config record of a model folder, without loading weights.</summary>
    public static ModelConfig ReadConfig(string modelFolder)
    {
        var json = ConfigJson.Read(Path.Combine(modelFolder, ConfigFile));
        return ModelArchitectures.For(json).ParseConfig(json);
    }

    /// <summary>
    /// Builds the model on <paramref name="placement"/> and loads every weight strictly (see
    /// <see cref="StateDictLoader"/>); the stored dtype is converted to the placement's dtype.
    /// </summary>
    public static IHiddenStateModel Load(string modelFolder, ModelPlacement placement)
    {
        if (!ModelPlacement.SupportedDTypes.Contains(placement.DType))
            throw new CcsException(ExitCode.BadInput, $"models run in float32, bfloat16 or float16, not {placement.DType}");
        var json = ConfigJson.Read(Path.Combine(modelFolder, ConfigFile));
        var architecture = ModelArchitectures.For(json);
        var config = architecture.ParseConfig(json);
        // Open the weights first: a missing or corrupt checkpoint is reported before any memory is allocated.
        using var checkpoint = Checkpoint.OpenFolder(modelFolder);
        var model = architecture.Create(config, placement);
        try
        {
            StateDictLoader.Load(model, checkpoint, architecture.KeyRules, $"{config.ModelType} as described by {json.Path}");
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
