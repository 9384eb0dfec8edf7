using Ccs.Data;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace Ccs.Tests.Data;

/// <summary>Reading small jsonl / json / csv / parquet files written here, with the values Python would see.</summary>
public sealed class TableReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Table ReadSplit(string split)
    {
        var dataset = Dataset.OpenLocal(DatasetSpec.Parse(_folder.Path));
        return dataset.Split(split);
    }

    [Fact]
    public void Jsonl_keeps_column_order_types_and_nesting()
    {
        _folder.Write("train.jsonl",
            "{\"text\": \"a\", \"label\": 1, \"score\": 2, \"meta\": {\"src\": \"x\", \"n\": [1, 2]}, \"ok\": true}\n" +
            "\n" +
            "{\"label\": 0, \"text\": \"b\\u00e9\", \"score\": 2.5, \"extra\": null}\n");
        Table t = ReadSplit("train");

        Assert.Equal(["text", "label", "score", "meta", "ok", "extra"], t.Columns.ToArray());
        Assert.Equal(2, t.Count);
        Row first = t.Rows[0], second = t.Rows[1];
        Assert.Equal("a", first["text"]);
        Assert.Equal(1L, first["label"]);
        Assert.Equal(2.0, first["score"]); // promoted: the column also holds 2.5
        Assert.Equal(2.5, second["score"]);
        Assert.Equal(true, first["ok"]);
        Assert.Null(second["ok"]); // missing key
        Assert.Equal("bé", second["text"]);
        var meta = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(first["meta"]);
        Assert.Equal(["src", "n"], meta.Keys.ToArray());
        Assert.Equal([1L, 2L], Assert.IsAssignableFrom<IReadOnlyList<object?>>(meta["n"]));
    }

    [Fact]
    public void Json_reads_an_array_of_objects_or_an_object_of_columns()
    {
        _folder.Write("train.json", "[{\"q\": \"x\", \"label\": 0}, {\"q\": \"y\", \"label\": 1}]");
        _folder.Write("test.json", "{\"q\": [\"x\", \"y\", \"z\"], \"label\": [1, 0, 1]}");
        Assert.Equal(["x", "y"], ReadSplit("train").Column("q"));
        Table test = ReadSplit("test");
        Assert.Equal(["q", "label"], test.Columns.ToArray());
        Assert.Equal([1L, 0L, 1L], test.Column("label"));
    }

    [Fact]
    public void Csv_follows_pandas_defaults()
    {
        _folder.Write("train.csv",
            "text,label,weight,flag,note\r\n" +
            "\"hello, world\",1,0.5,True,NA\r\n" +
            "\"say \"\"hi\"\"\nthere\",0,2,False,fine\r\n" +
            "plain,1,,TRUE,\r\n");
        Table t = ReadSplit("train");

        Assert.Equal(["text", "label", "weight", "flag", "note"], t.Columns.ToArray());
        Assert.Equal(["hello, world", "say \"hi\"\nthere", "plain"], t.Column("text"));
        Assert.Equal([1L, 0L, 1L], t.Column("label"));
        Assert.Equal([0.5, 2.0, null], t.Column("weight"));
        Assert.Equal([true, false, true], t.Column("flag"));
        Assert.Equal([null, "fine", null], t.Column("note"));
    }

    [Fact]
    public async Task Parquet_reads_nested_columns_and_the_hub_feature_types()
    {
        HubRow[] rows =
        [
            new() { Text = "good film", Label = 1, Score = 0.25, Tags = ["a", "b"], Meta = new() { Source = "web", Year = 2011 } },
            new() { Text = "bad film", Label = 0, Score = 1.5, Tags = [], Meta = new() { Source = "book", Year = 1999 } },
        ];
        var metadata = new Dictionary<string, string>
        {
            ["huggingface"] = """{"info": {"features": {"text": {"dtype": "string", "_type": "Value"}, "label": {"names": ["neg", "pos"], "_type": "ClassLabel"}}}}""",
        };
        Directory.CreateDirectory(Path.Combine(_folder.Path, "plain_text"));
        foreach (string shard in new[] { "train-00000-of-00002.parquet", "train-00001-of-00002.parquet" })
        {
            await using FileStream file = File.Create(Path.Combine(_folder.Path, "plain_text", shard));
            await ParquetSerializer.SerializeAsync(rows, file, null, metadata);
        }

        Table t = ReadSplit("train"); // the only config folder is used
        Assert.Equal(["text", "label", "score", "tags", "meta"], t.Columns.ToArray());
        Assert.Equal(4, t.Count); // both shards, in order
        Assert.Equal(["good film", "bad film", "good film", "bad film"], t.Column("text"));
        Assert.Equal([1L, 0L, 1L, 0L], t.Column("label"));
        Assert.Equal([0.25, 1.5, 0.25, 1.5], t.Column("score"));
        Assert.Equal(["a", "b"], Assert.IsAssignableFrom<IReadOnlyList<object?>>(t.Rows[0]["tags"]));
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<object?>>(t.Rows[1]["tags"]));
        var meta = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(t.Rows[0]["meta"]);
        Assert.Equal("web", meta["source"]);
        Assert.Equal(2011L, meta["year"]);
        Assert.Equal(new ClassLabelFeature(["neg", "pos"]).Names.ToArray(), Assert.IsType<ClassLabelFeature>(t.Features["label"]).Names.ToArray());
    }

    [Fact]
    public void An_unreadable_file_is_one_line_of_bad_input()
    {
        string file = _folder.Write("train.jsonl", "{\"a\": 1}\n{oops\n");
        var e = Assert.Throws<CcsException>(() => ReadSplit("train"));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.StartsWith($"{_folder.Path}: cannot read {file}: line 2 is not valid JSON", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private sealed class HubRow
    {
        [JsonPropertyName("text")] public string Text { get; set; } = "";
        [JsonPropertyName("label")] public long Label { get; set; }
        [JsonPropertyName("score")] public double Score { get; set; }
        [JsonPropertyName("tags")] public List<string> Tags { get; set; } = [];
        [JsonPropertyName("meta")] public HubMeta Meta { get; set; } = new();
    }

    private sealed class HubMeta
    {
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("year")] public int Year { get; set; }
    }
}
