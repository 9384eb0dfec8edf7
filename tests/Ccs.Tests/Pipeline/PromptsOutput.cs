using System.Text.RegularExpressions;
using Ccs.Cli;
using Ccs.Pipeline;
using Ccs.Runs;

namespace Ccs.Tests.Pipeline;

/// <summary>One choice as <c>ccs prompts</c> shows it: its question and the printed answer line.</summary>
internal sealed record ShownChoice(int Index, string Question, string Answer, bool MarkedTrue);

internal sealed record ShownTemplate(string Name, List<ShownChoice> Choices);

internal sealed record ShownExample(long RowId, int Label, List<ShownTemplate> Templates);

/// <summary>Runs <c>ccs prompts</c> in-process and reads its output back into examples (the layout the command documents).</summary>
internal static partial class PromptsOutput
{
    /// <summary><c>ccs prompts ARGS</c> through the real command line, with the given data sources.</summary>
    public static (int Code, string Out, string Err) Run(DataSources sources, params string[] args)
    {
        var runners = VerbRunners.Default with { Prompts = (o, console, ct) => PromptsRun.RunAsync(o, sources, console, ct) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CcsApp.RunAsync(["prompts", .. args], stdout, stderr, runners, CancellationToken.None).GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex(@"^Example (\d+) of (\d+): row_id (-?\d+), label (\d+)$")]
    private static partial Regex ExampleLine();

    [GeneratedRegex(@"^  Template (\d+) of (\d+): (.*)$")]
    private static partial Regex TemplateLine();

    [GeneratedRegex(@"^    \[(\d+)\] (.*?)(  <- true)?$")]
    private static partial Regex AnswerLine();

    public static List<ShownExample> Parse(string output, out List<string> header)
    {
        header = [];
        var examples = new List<ShownExample>();
        List<string>? question = null;
        string lastQuestion = "";
        foreach (string line in output.Split('\n').SkipLast(1))
        {
            if (ExampleLine().Match(line) is { Success: true } e)
                examples.Add(new ShownExample(long.Parse(e.Groups[3].Value), int.Parse(e.Groups[4].Value), []));
            else if (TemplateLine().Match(line) is { Success: true } t)
                examples[^1].Templates.Add(new ShownTemplate(t.Groups[3].Value, []));
            else if (line == "    |" || line.StartsWith("    | ", StringComparison.Ordinal))
                (question ??= []).Add(line.Length == 5 ? "" : line[6..]);
            else if (AnswerLine().Match(line) is { Success: true } a)
            {
                if (question is not null) lastQuestion = string.Join('\n', question);
                question = null;
                examples[^1].Templates[^1].Choices.Add(new ShownChoice(int.Parse(a.Groups[1].Value), lastQuestion, a.Groups[2].Value, a.Groups[3].Success));
            }
            else if (examples.Count == 0) header.Add(line);
            else throw new FormatException($"unexpected line in the output: '{line}'");
        }
        return examples;
    }

    /// <summary>Python's <c>repr</c> of a plain one-line string (no backslashes or control characters).</summary>
    public static string Repr(string s) => s.Contains('\'') && !s.Contains('"') ? "\"" + s + "\"" : "'" + s.Replace("'", "\\'") + "'";
}
