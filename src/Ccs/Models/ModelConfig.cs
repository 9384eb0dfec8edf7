namespace Ccs.Models;

/// <summary>
/// What every architecture's config record shares: enough to choose layers and report the model before its
/// weights are loaded. Each architecture adds its own fields in a derived record.
/// </summary>
/// <param name="ModelType">transformers' <c>model_type</c>, which selects the architecture.</param>
/// <param name="NumHiddenLayers">L: the model yields L + 1 hidden states (index 0 = embedding output).</param>
/// <param name="HiddenSize">the length of every hidden-state vector.</param>
/// <param name="TorchDtype">the config's <c>torch_dtype</c> (the checkpoint's own dtype), if stated.</param>
/// <param name="Architectures">the config's <c>architectures</c> (task class names), possibly empty.</param>
public abstract record ModelConfig(
    string ModelType,
    int NumHiddenLayers,
    int HiddenSize,
    string? TorchDtype,
    IReadOnlyList<string> Architectures)
{
    public int NumHiddenStates => NumHiddenLayers + 1;
}
