using Ccs.Data;

namespace Ccs.Tests.Data;

/// <summary>Dataset arguments (spec 3.1) and where a local dataset's split files are found.</summary>
public sealed class DatasetSpecTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("imdb", "imdb", null)]
    [InlineData("super_glue:boolq", "super_glue", "boolq")]
    [InlineData("christykoh/imdb_pt", "christykoh/imdb_pt", null)]
    [InlineData("org/name:cfg:more", "org/name", "cfg:more")] // split at the first colon
    [InlineData("imdb:", "imdb", null)] // an empty config is no config
    public void Hub_names_split_at_the_first_colon(string text, string name, string? config)
    {
        DatasetSpec spec = DatasetSpec.Parse(text);
        Assert.Equal((text, name, config, false), (spec.Text, spec.Name, spec.Config, spec.IsLocal));
    }

    [Fact]
    public void Existing_paths_are_local_and_may_name_a_config()
    {
        _folder.Write("boolq/train.jsonl", "{}\n");
        DatasetSpec whole = DatasetSpec.Parse(_folder.Path);
        Assert.Equal((_folder.Path, (string?)null), (whole.LocalPath, whole.Config));
        DatasetSpec withConfig = DatasetSpec.Parse(_folder.Path + ":boolq");
        Assert.Equal((_folder.Path, "boolq"), (withConfig.LocalPath, withConfig.Config));
    }

    [Fact]
    public void A_missing_path_is_bad_input()
    {
        var e = Assert.Throws<CcsException>(() => DatasetSpec.Parse("./no/such/folder"));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.StartsWith("./no/such/folder: no such file or folder", e.Message);
    }

    [Fact]
    public void Shards_are_ordered_and_must_be_complete()
    {
        _folder.Write("cfg/train-00001-of-00002.parquet", "");
        _folder.Write("cfg/train-00000-of-00002.parquet", "");
        _folder.Write("cfg/test-00000-of-00001.parquet", "");
        _folder.Write("cfg/README.md", "");
        DatasetFiles files = DatasetFiles.FindLocal(DatasetSpec.Parse(_folder.Path + ":cfg"));
        Assert.Equal(["test", "train"], files.Splits.Keys);
        Assert.Equal(["train-00000-of-00002.parquet", "train-00001-of-00002.parquet"], files.Splits["train"].Select(Path.GetFileName));

        File.Delete(Path.Combine(_folder.Path, "cfg", "train-00001-of-00002.parquet"));
        var e = Assert.Throws<CcsException>(() => DatasetFiles.FindLocal(DatasetSpec.Parse(_folder.Path + ":cfg")));
        Assert.Contains("split 'train' has shards train-00000-of-00002.parquet, expected 2", e.Message);
    }

    [Fact]
    public void Several_config_folders_need_a_config()
    {
        _folder.Write("a/train.jsonl", "{}\n");
        _folder.Write("b/train.jsonl", "{}\n");
        var e = Assert.Throws<CcsException>(() => DatasetFiles.FindLocal(DatasetSpec.Parse(_folder.Path)));
        Assert.Equal($"{_folder.Path}: {_folder.Path} has several configs (a, b); name one as {_folder.Path}:CONFIG", e.Message);
        var missing = Assert.Throws<CcsException>(() => DatasetFiles.FindLocal(DatasetSpec.Parse(_folder.Path + ":c")));
        Assert.StartsWith($"{_folder.Path}:c: no config folder 'c'", missing.Message);
    }

    [Fact]
    public void A_single_file_is_one_split_named_by_the_file()
    {
        string file = _folder.Write("validation.csv", "a,label\nx,1\n");
        DatasetFiles files = DatasetFiles.FindLocal(DatasetSpec.Parse(file));
        Assert.Equal(["validation"], files.Splits.Keys);
    }

    [Fact]
    public void Two_files_for_one_split_are_ambiguous()
    {
        _folder.Write("train.jsonl", "{}\n");
        _folder.Write("train.csv", "a\n1\n");
        var e = Assert.Throws<CcsException>(() => DatasetFiles.FindLocal(DatasetSpec.Parse(_folder.Path)));
        Assert.Contains("split 'train' has several files (train.csv, train.jsonl)", e.Message);
    }
}
