using System.Collections.Immutable;

namespace Ccs.Data;

/// <summary>
/// One example as extraction consumes it (spec 3.9): <see cref="Prompts"/>[t][j] is template t (sorted by name)
/// rendered with pseudo-label j, its question including any few-shot prefix and its answer fully stripped;
/// <see cref="Label"/> is the position of the true label among the choices.
/// </summary>
public sealed record PromptedExample(
    long RowId,
    int Label,
    ImmutableArray<ImmutableArray<PromptText>> Prompts,
    ImmutableArray<string> TemplateNames)
{
    /// <summary>The question strings per variant, the original's <c>texts</c> field (spec 3.10).</summary>
    public ImmutableArray<ImmutableArray<string>> Texts => [.. Prompts.Select(v => v.Select(p => p.Question).ToImmutableArray())];
}
