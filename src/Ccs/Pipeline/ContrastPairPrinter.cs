using Ccs.Data;
using Ccs.Prompts.Jinja;

namespace Ccs.Pipeline;

/// <summary>
/// Writes an example's contrast pairs for people to read, exactly as the model gets them (spec 3.9, 4.3): per
/// template, the question (each line behind <c>| </c>, so leading, trailing and blank lines stay visible; printed once
/// when every choice shares it) and each choice's answer as a Python string literal with its index, the true one
/// marked. The model reads the question followed by <c>" " + answer</c>.
/// </summary>
public sealed class ContrastPairPrinter(TextWriter output)
{
    public const string QuestionPrefix = "    | ";
    public const string TrueMark = "  <- true";

    public void Write(PromptedExample example, int number, int count)
    {
        ArgumentNullException.ThrowIfNull(example);
        output.WriteLine($"Example {number} of {count}: row_id {example.RowId}, label {example.Label}");
        for (int t = 0; t < example.Prompts.Length; t++)
        {
            var choices = example.Prompts[t];
            output.WriteLine($"  Template {t + 1} of {example.Prompts.Length}: {example.TemplateNames[t]}");
            bool shared = choices.All(c => c.Question == choices[0].Question);
            for (int j = 0; j < choices.Length; j++)
            {
                if (j == 0 || !shared) WriteQuestion(choices[j].Question);
                output.WriteLine($"    [{j}] {PyRepr.QuoteString(choices[j].Answer)}{(j == example.Label ? TrueMark : "")}");
            }
        }
    }

    private void WriteQuestion(string question)
    {
        // An empty line gets the bar alone, without a trailing space.
        foreach (string line in question.Split('\n')) output.WriteLine(line.Length == 0 ? QuestionPrefix.TrimEnd() : QuestionPrefix + line);
    }
}
