using Ccs.Prompts.Jinja;

namespace Ccs.Prompts;

/// <summary>Renders one template for dataset rows as promptsource's <c>Template</c> does: <c>apply</c> (the
/// <c>|||</c>-separated parts), <c>get_answer_choices_list</c> and <c>get_fixed_answer_choices_list</c>. Both Jinja
/// sources are compiled up front, so an unusable template fails when it is loaded.</summary>
public sealed class TemplateRenderer
{
    /// <summary>Stands in for a literal <c>|||</c> inside row values while the output is split (promptsource's
    /// <c>Template.pipe_protector</c>).</summary>
    private const string PipeProtector = "3ed2dface8203c4c9dfb1a5dc58e41e0";
    private const int TruncateAt = 2048;

    private readonly JinjaTemplate _body;
    private readonly JinjaTemplate? _choices;

    public TemplateRenderer(string file, PromptTemplate template, RenderRules rules, Random random)
    {
        File = file;
        Template = template;
        Rules = rules;
        var environment = new JinjaEnvironment(rules.Flavor, random);
        // promptsource's truncation is textual: every "}}" of the source gets the filter chain appended
        string source = rules.Truncate ? template.Jinja.Replace("}}", $" | string | truncate({TruncateAt}) }}}}", StringComparison.Ordinal) : template.Jinja;
        _body = Guard(() => environment.Compile(source));
        _choices = template.AnswerChoices is null ? null : Guard(() => environment.Compile(template.AnswerChoices));
    }

    public string File { get; }
    public PromptTemplate Template { get; }
    public RenderRules Rules { get; }

    /// <summary><c>get_fixed_answer_choices_list</c>: the answer choices if their source uses no variable (so they
    /// are the same for every row), else null.</summary>
    public IReadOnlyList<string>? FixedAnswerChoices()
    {
        if (_choices is null || UndeclaredNames.Find(_choices).Count > 0) return null;
        return Guard(() => _choices.Render(new Dictionary<string, object?>())).Split("|||").Select(c => PyStr.Strip(c)).ToList();
    }

    /// <summary><c>get_answer_choices_list</c>: the rendered answer choices (each <c>str.strip()</c>-ed), or null
    /// for a template without them.</summary>
    public IReadOnlyList<string>? AnswerChoices(IReadOnlyDictionary<string, object?> row)
    {
        if (_choices is null) return null;
        string rendered = Guard(() => _choices.Render(Protect(row)));
        return rendered.Split("|||").Select(c => Unprotect(PyStr.Strip(c))).ToList();
    }

    /// <summary><c>apply</c>: the rendered template split on <c>|||</c>, each part trimmed per the rules. A template
    /// normally yields two parts (prompt, target); some yield one (e.g. conditional templates rendering nothing).</summary>
    public IReadOnlyList<string> Apply(IReadOnlyDictionary<string, object?> row)
    {
        var context = Protect(row);
        if (context.ContainsKey("answer_choices"))
            throw Problem("the row has a column named 'answer_choices', which templates reserve");
        context["answer_choices"] = AnswerChoices(row)?.Cast<object?>().ToList();
        string rendered = Guard(() => _body.Render(context));
        return rendered.Split("|||").Select(p => Trim(Unprotect(p))).ToList();
    }

    private string Trim(string part) => Rules.Strip == PartStrip.All ? PyStr.Strip(part) : StripKeepingNewlines(part);

    /// <summary>ccs/promptsource/templates.py <c>Template._strip_spaces</c>.</summary>
    public static string StripKeepingNewlines(string s)
    {
        if (PyStr.IsAllSpace(s)) return new string('\n', s.Count(c => c == '\n'));
        string body = PyStr.Strip(s);
        int head = s.Length - PyStr.LStrip(s).Length, tail = s.Length - PyStr.RStrip(s).Length;
        int leading = s[..head].Count(c => c == '\n'), trailing = s[^tail..].Count(c => c == '\n');
        return new string('\n', leading) + body + new string('\n', trailing);
    }

    private static Dictionary<string, object?> Protect(IReadOnlyDictionary<string, object?> row) =>
        row.ToDictionary(kv => kv.Key, kv => kv.Value is string s ? s.Replace("|||", PipeProtector, StringComparison.Ordinal) : kv.Value, StringComparer.Ordinal);

    private static string Unprotect(string s) => s.Replace(PipeProtector, "|||", StringComparison.Ordinal);

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (TemplateSyntaxException e)
        {
            throw Problem($"cannot be compiled: {e.Message}");
        }
        catch (JinjaRuntimeException e)
        {
            throw Problem($"failed to render: {e.Message}");
        }
    }

    private CcsException Problem(string problem) => new(ExitCode.BadInput, $"{File}: template '{Template.Name}': {problem}");
}
