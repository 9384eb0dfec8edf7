namespace Ccs.Prompts;

/// <summary>A promptsource template's <c>!TemplateMetadata</c>.</summary>
public sealed record TemplateMetadata(
    bool? OriginalTask, bool? ChoicesInPrompt, IReadOnlyList<string>? Metrics, IReadOnlyList<string>? Languages);

/// <summary>One <c>!Template</c> of a promptsource <c>templates.yaml</c>.</summary>
/// <param name="AnswerChoices">Jinja source rendering the choices separated by <c>|||</c>; null for open-ended
/// (non-multiple-choice) templates, which the original drops.</param>
public sealed record PromptTemplate(
    string Id, string Name, string Jinja, string? AnswerChoices, string? Reference, TemplateMetadata Metadata)
{
    public bool IsMultipleChoice => AnswerChoices is not null;
}

/// <summary>A loaded <c>templates.yaml</c>, templates in file order.</summary>
/// <param name="Binarize">The file's top-level <c>binarize</c> (ag_news, dbpedia_14, ...): spec 3.3.</param>
/// <param name="LabelColumn">The file's top-level <c>label_column</c>, overriding label-column inference.</param>
public sealed record TemplateFile(
    string Path, string? Dataset, string? Subset, bool Binarize, string? LabelColumn, IReadOnlyList<PromptTemplate> Templates)
{
    /// <summary>The templates the original extracts (spec 3.4.1-3.4.2): those with answer choices, sorted by
    /// name in ordinal order (<c>DatasetTemplates.drop_non_mc_templates</c>, then <c>sorted(key=name)</c>).</summary>
    public IReadOnlyList<PromptTemplate> MultipleChoiceByName()
    {
        var kept = Templates.Where(t => t.IsMultipleChoice).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        if (kept.Count == 0) throw new CcsException(ExitCode.BadInput, $"{Path}: No multiple choice templates found");
        return kept;
    }

    /// <summary>How many templates <see cref="MultipleChoiceByName"/> leaves out (printed by the original as
    /// <c>Dropping N non-multiple choice templates</c>).</summary>
    public int NonMultipleChoiceCount => Templates.Count(t => !t.IsMultipleChoice);
}
