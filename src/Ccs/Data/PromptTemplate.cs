namespace Ccs.Data;

/// <summary>The two parts a template renders for an example, as promptsource's <c>Template.apply</c> returns them.</summary>
public readonly record struct PromptText(string Question, string Answer);

/// <summary>
/// A multiple-choice prompt template as example building needs it (implemented by the template engine):
/// <see cref="Apply"/> renders the example's fields (label column set to the pseudo-label being contrasted) and
/// returns the question and answer parts after the split on <c>|||</c> and the newline-preserving strip (spec 3.4.1).
/// </summary>
public interface IPromptTemplate
{
    string Name { get; }

    PromptText Apply(IReadOnlyDictionary<string, object?> example);
}

/// <summary>
/// A dataset's multiple-choice templates with the template file's top-level settings: <c>label_column</c>
/// (overrides the inferred label column) and <c>binarize</c> (forces binarization, spec 3.3).
/// </summary>
public sealed record PromptTemplates(IReadOnlyList<IPromptTemplate> Templates, string? LabelColumn = null, bool Binarize = false);
