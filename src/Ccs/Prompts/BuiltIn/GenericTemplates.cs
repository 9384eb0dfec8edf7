namespace Ccs.Prompts.BuiltIn;

/// <summary>The generic fallback set (<c>BuiltIn/_generic/templates.yaml</c>) for a dataset without a built-in set
/// that has one text column and a label column with known class names (a <c>ClassLabel</c>'s names). Its templates
/// do not name the dataset's columns; a row is rendered through <see cref="Variables"/>, with
/// <see cref="LabelVariable"/> as the label column while contrasting.</summary>
public static class GenericTemplates
{
    private const string Folder = "_generic";

    /// <summary>The variable that holds the label (the class index) in <see cref="Variables"/>.</summary>
    public const string LabelVariable = "label";

    public static TemplateFile File =>
        BuiltInTemplates.Load(Folder) ?? throw new InvalidOperationException($"the {Folder} templates are not embedded");

    /// <summary>The variables the generic templates render (documented in their file's header): <c>text</c> = the
    /// row's <paramref name="textColumn"/>, <c>label</c> = its <paramref name="labelColumn"/> (a class index),
    /// <c>label_names</c> = the class names in class-index order, which become the answer choices.</summary>
    public static Dictionary<string, object?> Variables(
        IReadOnlyDictionary<string, object?> row, string textColumn, string labelColumn, IReadOnlyList<string> labelNames)
    {
        if (labelNames.Count < 2)
            throw new CcsException(ExitCode.BadInput, $"generic prompt templates need at least two class names for '{labelColumn}', got {labelNames.Count}");
        if (!row.TryGetValue(textColumn, out object? text) || text is not string)
            throw new CcsException(ExitCode.BadInput, $"generic prompt templates: the row has no text in column '{textColumn}'");
        if (!row.TryGetValue(labelColumn, out object? label))
            throw new CcsException(ExitCode.BadInput, $"generic prompt templates: the row has no label column '{labelColumn}'");
        long? index = label switch { int i => i, long l => l, _ => null };
        if (index is not { } k || k < 0 || k >= labelNames.Count)
            throw new CcsException(ExitCode.BadInput,
                $"generic prompt templates: label {label} of column '{labelColumn}' is not a class index 0..{labelNames.Count - 1}");
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["text"] = text,
            [LabelVariable] = label,
            ["label_names"] = labelNames.Cast<object?>().ToList(),
        };
    }
}
