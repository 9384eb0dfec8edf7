using System.Collections.Immutable;

namespace Ccs.Data;

/// <summary>
/// Turns a row into its contrast prompts, as the original's <c>_convert_to_prompts</c>
/// (<c>ccs/extraction/prompt_loading.py</c>): binarization draws first (<c>rng.choice</c> of a wrong label, then
/// <c>rng.shuffle</c> of [wrong, true], spec 3.3), then for every template (sorted by name) and pseudo-label the
/// template applied with the label column set to the pseudo-label, and with few-shot prompts the next batch of
/// demonstrations prefixed (spec 3.8). Rendered pairs must be unique within an example.
/// </summary>
public sealed class PromptBuilder
{
    private readonly DatasetSpec _spec;
    private readonly IReadOnlyList<IPromptTemplate> _templates;
    private readonly string _labelColumn;
    private readonly bool _binarize;
    private readonly PythonRandom _rng;
    private readonly IEnumerator<IReadOnlyList<Row>>? _fewShot;

    public PromptBuilder(DatasetSpec spec, IReadOnlyList<IPromptTemplate> templates, string labelColumn, bool binarize,
                         PythonRandom rng, IEnumerator<IReadOnlyList<Row>>? fewShot)
    {
        _spec = spec;
        _templates = [.. templates.OrderBy(t => t.Name, StringComparer.Ordinal)];
        _labelColumn = labelColumn;
        _binarize = binarize;
        _rng = rng;
        _fewShot = fewShot;
        TemplateNames = [.. _templates.Select(t => t.Name)];
    }

    public ImmutableArray<string> TemplateNames { get; }

    public PromptedExample Build(Row example, ImmutableArray<object> labelChoices)
    {
        object rowId = example[SplitSelection.RowIdColumn] is long id ? id
            : throw new CcsException(ExitCode.BadInput, $"{_spec}: row_id {PythonValues.Repr(example[SplitSelection.RowIdColumn])} is not an integer");
        object? label = example[_labelColumn];
        IReadOnlyList<object> choices = labelChoices;
        if (_binarize)
        {
            var wrong = labelChoices.Where(c => !PythonValues.Equals(c, label)).ToList();
            if (wrong.Count == 0)
                throw new CcsException(ExitCode.BadInput, $"{_spec}: row_id {rowId}: no other label to contrast {PythonValues.Repr(label)} with");
            var pair = new List<object> { _rng.Choice(wrong), label! };
            _rng.Shuffle(pair);
            choices = pair;
        }

        var seen = new Dictionary<PromptText, int>();
        var order = new List<PromptText>();
        var variants = ImmutableArray.CreateBuilder<ImmutableArray<PromptText>>(_templates.Count);
        foreach (IPromptTemplate template in _templates)
        {
            var perChoice = ImmutableArray.CreateBuilder<PromptText>(choices.Count);
            foreach (object pseudoLabel in choices)
            {
                PromptText rendered = template.Apply(example.With(_labelColumn, pseudoLabel));
                if (seen.TryGetValue(rendered, out int count)) seen[rendered] = count + 1;
                else { seen[rendered] = 1; order.Add(rendered); }

                string question = rendered.Question;
                if (_fewShot is not null)
                {
                    _fewShot.MoveNext(); // endless
                    IEnumerable<string> demonstrations = _fewShot.Current.Select(d => JoinQuestionAnswer(template.Apply(d)));
                    question = string.Join("\n\n", demonstrations) + "\n\n" + question;
                }
                perChoice.Add(new PromptText(question, PythonValues.Strip(rendered.Answer)));
            }
            variants.Add(perChoice.MoveToImmutable());
        }

        PromptText mostCommon = order.MaxBy(p => seen[p]); // first of the most frequent, as Counter.most_common(1)
        if (seen[mostCommon] > 1)
            throw new CcsException(ExitCode.BadInput,
                $"{_spec}: row_id {rowId}: Prompt duplicated {seen[mostCommon]} times! (question {Quote(mostCommon.Question)}, answer {Quote(mostCommon.Answer)})");

        int labelIndex = IndexOf(choices, label);
        if (labelIndex < 0)
            throw new CcsException(ExitCode.BadInput,
                $"{_spec}: row_id {rowId}: label {PythonValues.Repr(label)} is not one of [{string.Join(", ", choices.Select(PythonValues.Repr))}]");
        return new PromptedExample((long)rowId, labelIndex, variants.MoveToImmutable(), TemplateNames);
    }

    /// <summary><c>qa_cat</c>: question and answer joined by one space unless either side already has whitespace there.</summary>
    public static string JoinQuestionAnswer(PromptText demo)
    {
        (string q, string a) = (demo.Question, demo.Answer);
        string sep = q.Length == 0 || PythonValues.IsSpace(q[^1]) || a.Length == 0 || PythonValues.IsSpace(a[0]) ? "" : " ";
        return a.Length > 0 && !PythonValues.IsAllSpace(a) ? q + sep + a : q;
    }

    private static int IndexOf(IReadOnlyList<object> choices, object? label)
    {
        for (int i = 0; i < choices.Count; i++) if (PythonValues.Equals(choices[i], label)) return i;
        return -1;
    }

    private static string Quote(string s) => "\"" + (s.Length > 80 ? s[..80] + "…" : s).ReplaceLineEndings("\\n") + "\"";
}
