using System.Text.Json.Serialization;
using Ccs.Data;
using Ccs.Pipeline;
using Ccs.Prompts;
using Ccs.Tests.Data;
using Parquet.Serialization;

namespace Ccs.Tests.Pipeline;

/// <summary>
/// Row values reach templates as the Python objects <c>datasets</c> yields: the expected texts are what Jinja2 3.1
/// renders for the same expressions over the Python row {text: 'a|||b', n: 3, x: 2.5, whole: 1.0, flag: True,
/// none: None, tags: ['a', 'b', 'c'], meta: {'source': 'web', 'year': 2011, 'scores': [1.5, 2.5]}, empty: [],
/// label: 1, row_id: 7, f: float(numpy.float32(0.1))}, read here from a JSON Lines file and from a parquet file.
/// </summary>
public sealed class JinjaValuesTests : IDisposable
{
    public static TheoryData<string, string> Renders() => new()
    {
        { "{{ n }}", "3" },
        { "{{ x }}", "2.5" },
        { "{{ whole }}", "1.0" },
        { "{{ flag }}", "True" },
        { "{{ none }}", "None" },
        { "{{ tags }}", "['a', 'b', 'c']" },
        { "{{ meta }}", "{'source': 'web', 'year': 2011, 'scores': [1.5, 2.5]}" },
        { "{{ empty }}", "[]" },
        { "{{ tags[-1] }}", "c" },
        { "{{ tags[1:] }}", "['b', 'c']" },
        { "{{ tags | join(', ') }}", "a, b, c" },
        { "{{ tags | length }}", "3" },
        { "{{ meta.source }}", "web" },
        { "{{ meta['year'] + 1 }}", "2012" },
        { "{{ meta.scores[0] * 2 }}", "3.0" },
        { "{{ n / 2 }}", "1.5" },
        { "{{ n // 2 }}", "1" },
        { "{{ flag + 1 }}", "2" },
        { "{{ none is none }}", "True" },
        { "{{ whole == 1 }}", "True" },
        { "{{ flag == 1 }}", "True" },
        { "{% if none %}y{% else %}n{% endif %}", "n" },
        { "{% if empty %}y{% else %}n{% endif %}", "n" },
        { "{% for k, v in meta.items() %}{{ k }}={{ v }};{% endfor %}", "source=web;year=2011;scores=[1.5, 2.5];" },
        { "[{{ meta.missing }}]", "[]" },
        { "{{ '%d items' % n }}", "3 items" },
        { "{{ tags | first }}", "a" },
        { "{{ [tags, meta.scores] }}", "[['a', 'b', 'c'], [1.5, 2.5]]" },
        { "{{ f }}", "0.10000000149011612" },
        { "{{ x | int }}", "2" },
        { "{{ n is integer }}", "True" },
        { "{{ whole is float }}", "True" },
        { "{{ tags[label] }}", "b" },
        { "{{ row_id }}", "7" },
        { "{{ text }}", "a|||b" },
    };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string JsonRow = """
        {"text": "a|||b", "n": 3, "x": 2.5, "whole": 1.0, "flag": true, "none": null, "tags": ["a", "b", "c"], "meta": {"source": "web", "year": 2011, "scores": [1.5, 2.5]}, "empty": [], "label": 1, "row_id": 7, "f": 0.10000000149011612}
        """;

    [Theory]
    [MemberData(nameof(Renders))]
    public void Json_lines_values_render_as_in_python(string expression, string expected)
    {
        _folder.Write("json/train.jsonl", JsonRow + "\n");
        Assert.Equal(expected, Question(expression, FirstRow("json")));
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public async Task Parquet_values_render_as_in_python(string expression, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "parquet"));
        await using (FileStream file = File.Create(Path.Combine(_folder.Path, "parquet", "train.parquet")))
            await ParquetSerializer.SerializeAsync([new ParquetRow()], file);
        Assert.Equal(expected, Question(expression, FirstRow("parquet")));
    }

    [Fact]
    public void Each_render_gets_its_own_copy_of_list_values()
    {
        _folder.Write("json/train.jsonl", JsonRow + "\n");
        Row row = FirstRow("json");
        Assert.Equal("None", Question("{{ tags.append('d') }}", row));
        Assert.Equal("['a', 'b', 'c']", Question("{{ tags }}", row));
    }

    private Row FirstRow(string folder) => Dataset.OpenLocal(DatasetSpec.Parse(Path.Combine(_folder.Path, folder))).Split("train").Rows[0];

    private static string Question(string expression, Row row)
    {
        var template = new PromptTemplate("t1", "probe", expression + " ||| answer", "no ||| yes", null, new TemplateMetadata(null, null, null, null));
        PromptText text = new JinjaPromptTemplate("probe.yaml", template).Apply(row);
        Assert.Equal("answer", text.Answer);
        return text.Question;
    }

    private sealed class ParquetRow
    {
        [JsonPropertyName("text")] public string Text { get; set; } = "a|||b";
        [JsonPropertyName("n")] public int N { get; set; } = 3;
        [JsonPropertyName("x")] public double X { get; set; } = 2.5;
        [JsonPropertyName("whole")] public double Whole { get; set; } = 1.0;
        [JsonPropertyName("flag")] public bool Flag { get; set; } = true;
        [JsonPropertyName("none")] public string? None { get; set; }
        [JsonPropertyName("tags")] public List<string> Tags { get; set; } = ["a", "b", "c"];
        [JsonPropertyName("meta")] public ParquetMeta Meta { get; set; } = new();
        [JsonPropertyName("empty")] public List<string> Empty { get; set; } = [];
        [JsonPropertyName("label")] public long Label { get; set; } = 1;
        [JsonPropertyName("row_id")] public long RowId { get; set; } = 7;
        [JsonPropertyName("f")] public float F { get; set; } = 0.1f;
    }

    private sealed class ParquetMeta
    {
        [JsonPropertyName("source")] public string Source { get; set; } = "web";
        [JsonPropertyName("year")] public int Year { get; set; } = 2011;
        [JsonPropertyName("scores")] public List<double> Scores { get; set; } = [1.5, 2.5];
    }
}
