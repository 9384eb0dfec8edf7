namespace Ccs.Caching;

/// <summary>
/// One kept example of an extracted split (spec 4.8): the hidden state of every selected layer at the chosen
/// token for each (variant, choice), plus what the reporters and reports need alongside.
/// </summary>
/// <param name="RowId">The example's row id in its dataset (spec 3.5).</param>
/// <param name="Label">Index of the true choice in [0, k).</param>
/// <param name="VariantIds">The v template names, in template order.</param>
/// <param name="Texts">The questions as fed to the model, [v][k].</param>
/// <param name="LmLogOdds">Row-major (v, k) answer log-odds of the LM head, or null for models without one.</param>
/// <param name="Hidden">Per layer index, the row-major (v, k, d) hidden states.</param>
public sealed record ExtractedExample(
    long RowId,
    long Label,
    IReadOnlyList<string> VariantIds,
    IReadOnlyList<IReadOnlyList<string>> Texts,
    float[]? LmLogOdds,
    IReadOnlyDictionary<int, float[]> Hidden);

/// <summary>How hidden states are stored: bf16 halves the size and, unlike the original's fp16, cannot overflow.</summary>
public enum HiddenStorage { BFloat16, Float32 }
