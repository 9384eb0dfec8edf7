using Ccs.Data;
using Ccs.Runs;

namespace Ccs.Tests.Data;

/// <summary>Split selection (spec 3.2), label columns and classes (spec 3.3), row ids (spec 3.5).</summary>
public sealed class SplitSelectionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StringWriter _out = new(), _err = new();

    public void Dispose() => _folder.Dispose();

    private CcsConsole Console => new(_out, _err, false);

    private Dataset Folder(params (string Split, long[] Labels)[] splits)
    {
        foreach ((string split, long[] labels) in splits)
            _folder.WriteJsonl($"{split}.jsonl", labels.Select((l, i) => new { text = $"{split} {i}", label = l }));
        return Dataset.OpenLocal(DatasetSpec.Parse(_folder.Path));
    }

    [Fact]
    public void Splits_sort_by_priority_then_name()
    {
        Assert.Equal(["train", "train_r1", "dev", "validation", "test", "other"],
            SplitSelection.Sorted(["other", "test", "validation", "dev", "train_r1", "train"]));
    }

    [Fact]
    public void Training_is_the_first_split_and_validation_the_second()
    {
        DatasetSplits s = SplitSelection.Select(Folder(("test", [0, 1]), ("train", [1, 0]), ("validation", [0, 1])), null, 42, SplitRole.Train, Console);
        Assert.Equal(("train", "validation"), (s.Train.Name, s.Validation.Name));
        Assert.Equal($"{_folder.Path} using 'train' for training and 'validation' for validation\n", _out.ToString());
    }

    [Fact]
    public void A_second_train_split_validates_with_a_warning()
    {
        DatasetSplits s = SplitSelection.Select(Folder(("train_r1", [0, 1]), ("dev_r1", [0, 1]), ("train_r2", [1, 0])), null, 42, SplitRole.Validation, Console);
        Assert.Equal(("train_r1", "train_r2"), (s.Train.Name, s.Validation.Name));
        Assert.Equal($"{_folder.Path} using 'train_r2' for validation\n", _out.ToString());
        Assert.Contains("the validation split 'train_r2' is a training split", _err.ToString());
    }

    [Fact]
    public void Unlabelled_splits_are_passed_over_and_a_single_labelled_split_is_divided()
    {
        // HF Dataset.train_test_split(test_size=0.5, seed=42): permutation(10) = [5, 6, 0, 7, 3, 2, 4, 9, 1, 8]
        // (numpy's published value); the first five validate.
        DatasetSplits s = SplitSelection.Select(Folder(("unsupervised", [-1, -1]), ("validation", [0, 1, 0, 1, 0, 1, 0, 1, 0, 1])),
            null, 42, SplitRole.Train, Console);
        Assert.Equal([5L, 6, 0, 7, 3], s.Validation.Rows.Column("row_id").Cast<long>());
        Assert.Equal([2L, 4, 9, 1, 8], s.Train.Rows.Column("row_id").Cast<long>());
        Assert.Equal(["validation 5", "validation 6", "validation 0", "validation 7", "validation 3"], s.Validation.Raw.Column("text"));
        Assert.False(s.Train.Raw.HasColumn("row_id"));
        Assert.Equal(
            $"{_folder.Path} has one labelled split, 'validation': it is divided with seed 42 into 5 rows for training and 5 for validation\n" +
            $"{_folder.Path} using the training part of 'validation' for training and the validation part of 'validation' for validation\n",
            _out.ToString());
    }

    [Fact]
    public void Row_ids_are_positions_unless_the_data_has_its_own()
    {
        DatasetSplits s = SplitSelection.Select(Folder(("train", [0, 1, 1]), ("test", [1, 0])), null, 42, SplitRole.Train, Console);
        Assert.Equal([0L, 1, 2], s.Train.Rows.Column("row_id").Cast<long>());
        Assert.Equal(["text", "label", "row_id"], s.Train.Rows.Columns.ToArray());

        _folder.WriteJsonl("own/train.jsonl", [new { row_id = 17L, label = 0L }, new { row_id = 3L, label = 1L }]);
        _folder.WriteJsonl("own/test.jsonl", [new { row_id = 9L, label = 1L }]);
        var own = SplitSelection.Select(Dataset.OpenLocal(DatasetSpec.Parse(Path.Combine(_folder.Path, "own"))), null, 42, SplitRole.Train, Console);
        Assert.Equal([17L, 3], own.Train.Rows.Column("row_id").Cast<long>());
        Assert.Contains("Found `row_id` column, using it as the example id", _out.ToString());
    }

    [Fact]
    public void Classes_come_from_declared_features_or_else_from_the_largest_id()
    {
        DatasetSplits inferred = SplitSelection.Select(Folder(("train", [0, 2]), ("test", [1, 3])), null, 42, SplitRole.Train, Console);
        Assert.Equal(["0", "1", "2", "3"], inferred.Label.ClassNames.ToArray());
        Assert.Equal(4, new LabelSpace(DatasetSpec.Parse("x"), inferred.Label, false).NumClasses);

        _folder.Write("dataset_info.json", """{"features": {"text": {"dtype": "string", "_type": "Value"}, "label": {"names": ["a", "b", "c", "d", "e"], "_type": "ClassLabel"}}}""");
        DatasetSplits declared = SplitSelection.Select(Dataset.OpenLocal(DatasetSpec.Parse(_folder.Path)), null, 42, SplitRole.Train, Console);
        Assert.Equal(["a", "b", "c", "d", "e"], declared.Label.ClassNames.ToArray());
        Assert.Equal(2, new LabelSpace(DatasetSpec.Parse("x"), declared.Label, Binarize: true).NumClasses);
    }

    [Fact]
    public void A_template_label_column_of_strings_uses_the_sorted_values_and_needs_binarize()
    {
        _folder.WriteJsonl("train.jsonl", [new { q = "x", answer = "b" }, new { q = "y", answer = "a" }, new { q = "z", answer = "B" }]);
        _folder.WriteJsonl("test.jsonl", [new { q = "w", answer = "a" }]);
        var dataset = Dataset.OpenLocal(DatasetSpec.Parse(_folder.Path));
        DatasetSplits s = SplitSelection.Select(dataset, "answer", 42, SplitRole.Train, Console);
        var space = new LabelSpace(dataset.Spec, s.Label, Binarize: false);
        Assert.Equal(["B", "a", "b"], space.Choices(s.Train.Rows).Cast<string>()); // code-point order
        var e = Assert.Throws<CcsException>(() => space.NumClasses);
        Assert.Contains("Can't infer number of classes from label column 'answer'", e.Message);
    }

    [Fact]
    public void Bad_datasets_are_one_line_errors_naming_the_dataset()
    {
        _folder.WriteJsonl("nolabel/train.jsonl", [new { text = "x" }]);
        var noLabel = Assert.Throws<CcsException>(() =>
            SplitSelection.Select(Dataset.OpenLocal(DatasetSpec.Parse(Path.Combine(_folder.Path, "nolabel"))), null, 42, SplitRole.Train, Console));
        Assert.Equal($"{Path.Combine(_folder.Path, "nolabel")}: Dataset has no label column (no ClassLabel feature and no 'label' column; columns: text)", noLabel.Message);

        _folder.WriteJsonl("unlabelled/train.jsonl", [new { label = -1L }]);
        var unlabelled = Assert.Throws<CcsException>(() =>
            SplitSelection.Select(Dataset.OpenLocal(DatasetSpec.Parse(Path.Combine(_folder.Path, "unlabelled"))), null, 42, SplitRole.Train, Console));
        Assert.EndsWith("no split has labels in column 'label' (splits: train)", unlabelled.Message);

        var missing = Assert.Throws<CcsException>(() => Folder(("train", [0, 1])).Split("validation"));
        Assert.EndsWith("no split 'validation' (splits: train)", missing.Message);
        Assert.All([noLabel, unlabelled, missing], e => Assert.Equal(ExitCode.BadInput, e.ExitCode));
    }
}
