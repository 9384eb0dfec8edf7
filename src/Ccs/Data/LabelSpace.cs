using System.Collections.Immutable;

namespace Ccs.Data;

/// <summary>
/// The classes an example is contrasted over (spec 3.3): the number of classes k stored with the extracted data, and
/// the pseudo-labels of a split (<c>label_choices</c> in <c>ccs/extraction/prompt_loading.py</c> <c>load_prompts</c>).
/// </summary>
public sealed record LabelSpace(DatasetSpec Spec, LabelColumn Column, bool Binarize)
{
    /// <summary>k of the extracted schema: 2 when binarized, else the class count (<c>infer_num_classes</c>).</summary>
    public int NumClasses => Binarize ? 2 : Column.Kind switch
    {
        LabelKind.ClassLabel => Column.ClassNames.Length,
        LabelKind.Bool => 2,
        _ => throw new CcsException(ExitCode.BadInput,
            $"{Spec}: Can't infer number of classes from label column '{Column.Name}' (neither ClassLabel nor bool); use --binarize"),
    };

    /// <summary>
    /// The pseudo-labels of one split: class ids 0..k-1, [false, true], or else the sorted distinct values present
    /// (Python's <c>sorted(ds.unique(col))</c>; nulls are left out).
    /// </summary>
    public ImmutableArray<object> Choices(Table split) => Column.Kind switch
    {
        LabelKind.ClassLabel => [.. Enumerable.Range(0, Column.ClassNames.Length).Select(i => (object)(long)i)],
        LabelKind.Bool => [false, true],
        _ => SortedDistinct(split),
    };

    private ImmutableArray<object> SortedDistinct(Table split)
    {
        var values = split.Column(Column.Name).Where(v => v is not null).Select(v => v!).Distinct().ToList();
        if (values.Select(PythonValues.SortGroup).Distinct().Count() > 1)
            throw new CcsException(ExitCode.BadInput, $"{Spec}: label column '{Column.Name}' mixes value types; they cannot be sorted");
        values.Sort(PythonValues.Compare);
        return [.. values];
    }
}
