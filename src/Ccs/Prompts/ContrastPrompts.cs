using Ccs.Prompts.Jinja;

namespace Ccs.Prompts;

/// <summary>Builds the per-choice texts of one example the way the original does
/// (ccs/extraction/prompt_loading.py <c>_convert_to_prompts</c>, without the few-shot prefix): for every template
/// (in the given order, normally name-sorted) and every pseudo-label, the row with its label column set to that
/// pseudo-label is rendered and split into question and answer.</summary>
public static class ContrastPrompts
{
    /// <summary>prompts[template][choice]; fails like the original when a template does not render exactly one
    /// <c>|||</c>, or when two (question, answer) pairs of the example are identical.</summary>
    public static IReadOnlyList<IReadOnlyList<ChoicePrompt>> ForExample(
        IReadOnlyList<TemplateRenderer> templates, IReadOnlyDictionary<string, object?> row, string labelColumn,
        IReadOnlyList<object?> labelChoices)
    {
        var prompts = templates.Select(t => ForTemplate(t, row, labelColumn, labelChoices)).ToList();
        var seen = new Dictionary<(string, string), int>();
        foreach (var pair in prompts.SelectMany(p => p).Select(p => RawPair(p)))
            seen[pair] = seen.GetValueOrDefault(pair) + 1;
        if (seen.Count > 0 && seen.MaxBy(kv => kv.Value) is { Value: > 1 } top)
            throw new CcsException(ExitCode.BadInput,
                $"Prompt duplicated {top.Value} times! \"({PyRepr.QuoteString(top.Key.Item1)}, {PyRepr.QuoteString(top.Key.Item2)})\"");
        return prompts.Select(p => (IReadOnlyList<ChoicePrompt>)p.Select(c => c.Prompt).ToList()).ToList();
    }

    private static (string, string) RawPair((ChoicePrompt Prompt, string RawAnswer) p) => (p.Prompt.Question, p.RawAnswer);

    /// <summary>The texts of one template for each pseudo-label. The original checks uniqueness on the answer
    /// before its final <c>strip()</c>, so that is kept alongside.</summary>
    private static List<(ChoicePrompt Prompt, string RawAnswer)> ForTemplate(
        TemplateRenderer template, IReadOnlyDictionary<string, object?> row, string labelColumn, IReadOnlyList<object?> labelChoices)
    {
        var result = new List<(ChoicePrompt, string)>();
        foreach (var pseudoLabel in labelChoices)
        {
            var (question, answer) = QuestionAnswer(template, WithLabel(row, labelColumn, pseudoLabel));
            result.Add((new ChoicePrompt(question, PyStr.Strip(answer)), answer));
        }
        return result;
    }

    /// <summary>The two parts of a rendered template (<c>q, a = template.apply(example)</c>).</summary>
    public static (string Question, string Answer) QuestionAnswer(TemplateRenderer template, IReadOnlyDictionary<string, object?> row)
    {
        var parts = template.Apply(row);
        if (parts.Count != 2)
            throw new CcsException(ExitCode.BadInput,
                $"{template.File}: template '{template.Template.Name}': rendered {parts.Count} '|||'-separated parts for a row, expected 2 (question ||| answer)");
        return (parts[0], parts[1]);
    }

    public static Dictionary<string, object?> WithLabel(IReadOnlyDictionary<string, object?> row, string labelColumn, object? pseudoLabel)
    {
        var copy = new Dictionary<string, object?>(row, StringComparer.Ordinal) { [labelColumn] = pseudoLabel };
        return copy;
    }

    /// <summary>The original's <c>qa_cat</c> (used for few-shot demonstrations, spec 3.8): the question, a single
    /// space unless either side already has whitespace at the seam, and the answer; just the question when the
    /// answer is empty or all whitespace.</summary>
    public static string JoinQuestionAnswer(string question, string answer)
    {
        if (answer.Length == 0 || PyStr.IsAllSpace(answer)) return question;
        string sep = question.Length == 0 || PyStr.IsSpace(question[^1]) || PyStr.IsSpace(answer[0]) ? "" : " ";
        return question + sep + answer;
    }
}
