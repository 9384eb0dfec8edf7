using System.Collections.Immutable;
using System.Globalization;

namespace Ccs.Data;

/// <summary>How a label column's values are typed (spec 3.3).</summary>
public enum LabelKind
{
    /// <summary>Integer class ids 0..k-1 with names (<c>ClassLabel</c>).</summary>
    ClassLabel,
    /// <summary>A boolean value: pseudo-labels [False, True].</summary>
    Bool,
    /// <summary>Anything else: pseudo-labels are the sorted distinct values of the split.</summary>
    Other,
}

/// <summary>
/// The label column of a dataset (spec 3.3), found as the original's <c>infer_label_column</c> does
/// (<c>ccs/utils/data_utils.py</c>): the template file's <c>label_column</c> if given, else the unique
/// <c>ClassLabel</c> feature. JSON and CSV files carry no feature types; without a <c>dataset_info.json</c> a column
/// named <c>label</c> holding integers is read as a <c>ClassLabel</c> whose classes are 0..max (the largest id in
/// the splits used), and one holding booleans as a bool label.
/// </summary>
public sealed record LabelColumn(string Name, LabelKind Kind, ImmutableArray<string> ClassNames, bool ClassesFromData)
{
    public const string ConventionalName = "label";

    /// <summary>Finds the label column from a split's columns and feature types.</summary>
    public static LabelColumn Find(DatasetSpec spec, Table table, string? templateLabelColumn)
    {
        DatasetFeatures features = table.Features;
        if (templateLabelColumn is not null)
        {
            if (!table.HasColumn(templateLabelColumn))
                throw new CcsException(ExitCode.BadInput,
                    $"{spec}: the template file's label_column '{templateLabelColumn}' is not a column (columns: {string.Join(", ", table.Columns)})");
            return FromFeatureOrValues(spec, table, templateLabelColumn, features[templateLabelColumn]);
        }
        var classLabels = table.Columns.Where(c => features[c] is ClassLabelFeature).ToList();
        if (classLabels.Count > 1)
            throw new CcsException(ExitCode.BadInput,
                $"{spec}: Dataset has multiple label columns [{string.Join(", ", classLabels)}]; specify label_column to disambiguate");
        if (classLabels.Count == 1) return FromFeatureOrValues(spec, table, classLabels[0], features[classLabels[0]]);
        if (features.IsEmpty && table.HasColumn(ConventionalName))
            return FromFeatureOrValues(spec, table, ConventionalName, null) is { Kind: not LabelKind.Other } found
                ? found
                : throw new CcsException(ExitCode.BadInput, $"{spec}: column '{ConventionalName}' holds neither class ids nor booleans");
        throw new CcsException(ExitCode.BadInput, $"{spec}: Dataset has no label column (no ClassLabel feature"
            + (features.IsEmpty ? $" and no '{ConventionalName}' column" : "") + $"; columns: {string.Join(", ", table.Columns)})");
    }

    private static LabelColumn FromFeatureOrValues(DatasetSpec spec, Table table, string name, Feature? feature)
    {
        switch (feature)
        {
            case ClassLabelFeature classes:
                return new LabelColumn(name, LabelKind.ClassLabel, classes.Names, false);
            case ValueFeature { Dtype: "bool" }:
                return new LabelColumn(name, LabelKind.Bool, [], false);
            case not null:
                return new LabelColumn(name, LabelKind.Other, [], false);
        }
        var present = table.Column(name).Where(v => v is not null).ToList();
        if (present.Count > 0 && present.All(v => v is bool)) return new LabelColumn(name, LabelKind.Bool, [], false);
        // Only the conventional 'label' column is taken for class ids; another integer column named by a template
        // file (story_cloze's 1-based answer_right_ending) is a plain value column, labelled by its sorted values.
        if (name == ConventionalName && present.Count > 0 && present.All(v => v is long l && l >= -1) && table.Features.IsEmpty)
            return new LabelColumn(name, LabelKind.ClassLabel, [], true);
        return new LabelColumn(name, LabelKind.Other, [], false);
    }

    /// <summary>Whether a value is a real label (not null, and not the hub's -1 for "unlabelled").</summary>
    public bool IsLabelled(object? value) => value is not null && !(value is long l && l == -1 && Kind != LabelKind.Other);

    /// <summary>
    /// For a <c>ClassLabel</c> read from data: classes 0..max over the given splits, named by their ids.
    /// Other columns are returned unchanged.
    /// </summary>
    public LabelColumn WithClassesFrom(DatasetSpec spec, IEnumerable<Table> splits)
    {
        if (!ClassesFromData) return this;
        long max = splits.SelectMany(t => t.Column(Name)).OfType<long>().DefaultIfEmpty(-1).Max();
        if (max < 0) throw new CcsException(ExitCode.BadInput, $"{spec}: column '{Name}' has no labels");
        if (max > 100_000) throw new CcsException(ExitCode.BadInput, $"{spec}: column '{Name}' has a class id of {max}; it does not look like class ids");
        return this with { ClassNames = [.. Enumerable.Range(0, (int)max + 1).Select(i => i.ToString(CultureInfo.InvariantCulture))] };
    }
}
