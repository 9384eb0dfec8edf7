using System.Collections.Immutable;

namespace Ccs.Data;

/// <summary>Which split a run reads: training (elicit) or validation (elicit and eval).</summary>
public enum SplitRole { Train, Validation }

/// <summary>
/// One split as used for extraction: <see cref="Rows"/> carries the <c>row_id</c> column (added as the 0-based
/// position when the data has none, spec 3.5), <see cref="Raw"/> is the same rows without an added column (the
/// few-shot sampler reads the raw train split, spec 3.8).
/// </summary>
public sealed record SplitChoice(string Name, string Description, Table Raw, Table Rows);

/// <summary>The training and validation splits of a dataset and its label column.</summary>
public sealed record DatasetSplits(LabelColumn Label, SplitChoice Train, SplitChoice Validation);

/// <summary>
/// Split selection (spec 3.2), as <c>select_train_val_splits</c> / <c>select_split</c> in the original's
/// <c>ccs/utils/data_utils.py</c>: splits sorted by (priority, name) with priority 0 for names starting with
/// <c>train</c>, 1 for <c>dev</c>/<c>val</c>, 2 for <c>test</c>, 3 otherwise; training = first, validation = second.
/// Splits without any label (all null or the hub's -1, e.g. imdb's <c>unsupervised</c>) are passed over: the
/// original would pick them and then fail in the balanced sampler. A dataset with a single labelled split is
/// divided as <c>Dataset.train_test_split(test_size=0.5, seed=seed)</c> does (numpy permutation; the first
/// ⌈n/2⌉ permuted rows validate, the rest train); the original refused such datasets in <c>elicit</c>.
/// </summary>
public static class SplitSelection
{
    public const double HeldOutFraction = 0.5;
    public const string RowIdColumn = "row_id";

    public static int Priority(string split) =>
        split.StartsWith("train", StringComparison.Ordinal) ? 0
        : split.StartsWith("dev", StringComparison.Ordinal) || split.StartsWith("val", StringComparison.Ordinal) ? 1
        : split.StartsWith("test", StringComparison.Ordinal) ? 2
        : 3;

    /// <summary>Split names in the original's order: (priority, name), names compared by code point.</summary>
    public static IReadOnlyList<string> Sorted(IEnumerable<string> splits) =>
        [.. splits.OrderBy(Priority).ThenBy(s => s, StringComparer.Ordinal)];

    /// <summary>
    /// Chooses the splits and prints which (<c>&lt;dataset&gt; using 'train' for training and 'test' for validation</c>,
    /// or for eval <c>… using 'test' for validation</c>).
    /// </summary>
    public static DatasetSplits Select(Dataset dataset, string? templateLabelColumn, long seed, SplitRole role, Runs.CcsConsole console)
    {
        DatasetSpec spec = dataset.Spec;
        IReadOnlyList<string> sorted = Sorted(dataset.SplitNames);
        if (sorted.Count == 0) throw new CcsException(ExitCode.BadInput, $"{spec}: No splits found!");
        LabelColumn label = FindLabelColumn(dataset, sorted, templateLabelColumn);

        var labelled = new List<string>();
        foreach (string split in sorted)
        {
            if (IsLabelled(dataset.Split(split), label)) labelled.Add(split);
            if (labelled.Count == 2) break;
        }
        if (labelled.Count == 0)
            throw new CcsException(ExitCode.BadInput, $"{spec}: no split has labels in column '{label.Name}' (splits: {string.Join(", ", sorted)})");

        DatasetSplits chosen = labelled.Count == 2
            ? new DatasetSplits(label, Whole(dataset, labelled[0], console), Whole(dataset, labelled[1], console))
            : Divide(dataset, label, labelled[0], seed, console);
        chosen = chosen with { Label = label.WithClassesFrom(spec, [chosen.Train.Raw, chosen.Validation.Raw]) };

        if (labelled.Count == 1)
            console.Out.WriteLine($"{spec} has one labelled split, '{labelled[0]}': it is divided with seed {seed} into "
                + $"{chosen.Train.Rows.Count} rows for training and {chosen.Validation.Rows.Count} for validation");
        console.Out.WriteLine(role == SplitRole.Train
            ? $"{spec} using {chosen.Train.Description} for training and {chosen.Validation.Description} for validation"
            : $"{spec} using {chosen.Validation.Description} for validation");
        if (labelled.Count == 2 && chosen.Validation.Name.StartsWith("train", StringComparison.Ordinal))
            console.Warn($"{spec}: the validation split '{chosen.Validation.Name}' is a training split (all train* splits sort first)");
        return chosen;
    }

    /// <summary>The label column as the first split (in selection order) that has one shows it.</summary>
    private static LabelColumn FindLabelColumn(Dataset dataset, IReadOnlyList<string> sorted, string? templateLabelColumn)
    {
        CcsException? first = null;
        foreach (string split in sorted)
        {
            try { return LabelColumn.Find(dataset.Spec, dataset.Split(split), templateLabelColumn); }
            catch (CcsException e) when (e.InnerException is null) { first ??= e; }
        }
        throw first!;
    }

    private static bool IsLabelled(Table split, LabelColumn label) =>
        split.HasColumn(label.Name) && split.Column(label.Name).Any(label.IsLabelled);

    private static SplitChoice Whole(Dataset dataset, string name, Runs.CcsConsole console)
    {
        Table raw = dataset.Split(name);
        return new SplitChoice(name, $"'{name}'", raw, WithRowIds(raw, console));
    }

    private static DatasetSplits Divide(Dataset dataset, LabelColumn label, string name, long seed, Runs.CcsConsole console)
    {
        Table raw = dataset.Split(name);
        Table rows = WithRowIds(raw, console);
        long[] permutation = NumpyPermutation.Permutation(seed, raw.Count);
        int heldOut = (int)Math.Ceiling(HeldOutFraction * raw.Count);
        if (heldOut == 0 || heldOut == raw.Count)
            throw new CcsException(ExitCode.BadInput, $"{dataset.Spec}: split '{name}' has {raw.Count} rows, too few to divide into training and validation");
        ImmutableArray<long> valIndices = [.. permutation.Take(heldOut)], trainIndices = [.. permutation.Skip(heldOut)];
        return new DatasetSplits(label,
            new SplitChoice(name, $"the training part of '{name}'", raw.Select(trainIndices), rows.Select(trainIndices)),
            new SplitChoice(name, $"the validation part of '{name}'", raw.Select(valIndices), rows.Select(valIndices)));
    }

    /// <summary>Adds <c>row_id</c> = 0-based position unless the data has its own (then it must hold integers).</summary>
    private static Table WithRowIds(Table table, Runs.CcsConsole console)
    {
        if (!table.HasColumn(RowIdColumn)) return table.AddColumn(RowIdColumn, [.. Enumerable.Range(0, table.Count).Select(i => (object?)(long)i)]);
        console.Out.WriteLine("Found `row_id` column, using it as the example id");
        return table;
    }
}
