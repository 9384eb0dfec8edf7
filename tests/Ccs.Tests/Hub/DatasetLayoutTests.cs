using Ccs.Hub;

namespace Ccs.Tests.Hub;

/// <summary>Which repository files make which split: dataset-card configs with fsspec globs, and the hub's file layouts.</summary>
public sealed class DatasetLayoutTests
{
    [Theory]
    [InlineData("plain_text/train-*", "plain_text/train-00000-of-00001.parquet", true)]
    [InlineData("plain_text/train-*", "plain_text/sub/train-00000-of-00001.parquet", false)]
    [InlineData("plain_text/train-*", "plain_text/training-00000.parquet", false)]
    [InlineData("data/*.parquet", "data/x.parquet", true)]
    [InlineData("**/*.parquet", "a/b/c.parquet", true)]
    [InlineData("**/*.parquet", "c.parquet", true)]
    [InlineData("data/train-0000[0-9]-of-?????.csv", "data/train-00003-of-00010.csv", true)]
    [InlineData("data/train-0000[!0-4]*", "data/train-00003-of-00010.csv", false)]
    [InlineData("data/train.csv", "data/train_csv", false)]
    public void Globs_follow_fsspec(string pattern, string path, bool matches) =>
        Assert.Equal(matches, DatasetLayout.Glob(pattern).IsMatch(path));

    [Fact]
    public void Card_data_files_take_every_form_datasets_accepts()
    {
        const string card = """
            ---
            configs:
            - config_name: one
              data_files: all/*.csv
            - config_name: list
              data_files: [a.csv, b.csv]
            - config_name: splits
              data_files:
              - split: train
                path: [t1.csv, t2.csv]
              - split: test
                path: e.csv
            ---
            text
            """;
        var configs = DatasetCard.ReadConfigs(card, "dataset 'x'");

        Assert.Equal(["one", "list", "splits"], configs.Select(c => c.Name));
        Assert.Equal("train", configs[0].DataFiles.Single().Split);
        Assert.Equal(["all/*.csv"], configs[0].DataFiles.Single().Patterns);
        Assert.Equal(["a.csv", "b.csv"], configs[1].DataFiles.Single().Patterns);
        Assert.Equal(["train", "test"], configs[2].DataFiles.Select(d => d.Split));
        Assert.Equal(["t1.csv", "t2.csv"], configs[2].DataFiles[0].Patterns);
        Assert.Empty(DatasetCard.ReadConfigs("# no header\n", "dataset 'x'"));
    }

    [Fact]
    public void Push_to_hub_layout_without_a_card_uses_data_as_the_default_config()
    {
        string[] files =
        [
            "README.md",
            "data/train-00000-of-00002-6a3d1b2e.parquet",
            "data/train-00001-of-00002-9f1c2d3a.parquet",
            "data/validation-00000-of-00001.parquet",
            "other/test-00000-of-00001.parquet",
            ".hidden/train-00000-of-00001.parquet",
        ];
        var found = DatasetLayout.Find(files, [], config: null, "dataset 'x'");

        Assert.NotNull(found);
        Assert.Equal("default", found.Config);
        Assert.Equal(["train", "validation"], found.Splits.Select(s => s.Name));
        Assert.Equal(2, found.Splits[0].Files.Count);
        Assert.Equal("other", DatasetLayout.Find(files, [], "other", "dataset 'x'")!.Config);
        Assert.Null(DatasetLayout.Find(files, [], "absent", "dataset 'x'"));
        Assert.Null(DatasetLayout.Find(["super_glue.py", "README.md"], [], null, "dataset 'x'"));
    }
}
