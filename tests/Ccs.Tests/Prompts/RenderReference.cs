using System.Text.Json;
using Ccs.Prompts.Jinja;
using Ccs.Tests.Support;

namespace Ccs.Tests.Prompts;

/// <summary>One line of <c>shared/promptsource-renders/&lt;dataset&gt;.jsonl</c> (format: that folder's README).</summary>
public sealed record RenderReference(
    string Dataset, string TemplateFile, string TemplateName, string TemplateId, int RowIndex, string Split,
    string Prompt, string? Target, IReadOnlyList<string>? AnswerChoices, IReadOnlyList<string>? ModelInputs,
    IReadOnlyList<object?>? LabelChoices, IReadOnlyList<string>? ElkAnswers)
{
    public static IEnumerable<RenderReference> ReadAll(string path)
    {
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            var e = JsonDocument.Parse(line).RootElement;
            yield return new RenderReference(
                e.GetProperty("dataset").GetString()!, e.GetProperty("template_file").GetString()!,
                e.GetProperty("template_name").GetString()!, e.GetProperty("template_id").GetString()!,
                e.GetProperty("row_index").GetInt32(), e.GetProperty("split").GetString()!,
                e.GetProperty("prompt").GetString()!, e.GetProperty("target").GetString(),
                Strings(e.GetProperty("answer_choices")), Strings(e.GetProperty("model_inputs")),
                e.GetProperty("label_choices") is { ValueKind: JsonValueKind.Array } lc ? lc.EnumerateArray().Select(PyJson.Value).ToList() : null,
                Strings(e.GetProperty("elk_answers")));
        }
    }

    private static List<string>? Strings(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null : e.EnumerateArray().Select(x => x.GetString()!).ToList();
}

/// <summary>The dataset slices of <c>shared/data/&lt;dataset&gt;/&lt;split&gt;.jsonl</c> as template rows.</summary>
public sealed class DatasetSlices
{
    private readonly Dictionary<(string, string), List<Dictionary<string, object?>>> _splits = [];

    public IReadOnlyDictionary<string, object?> Row(string dataset, string split, int index)
    {
        if (!_splits.TryGetValue((dataset, split), out var rows))
        {
            rows = File.ReadLines(SharedMaterial.Path("data", dataset, split + ".jsonl"))
                .Where(l => l.Length > 0)
                .Select(l => PyJson.Row(JsonDocument.Parse(l).RootElement))
                .ToList();
            _splits[(dataset, split)] = rows;
        }
        return rows[index];
    }
}
