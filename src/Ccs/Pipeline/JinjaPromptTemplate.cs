using Ccs.Data;
using Ccs.Prompts;
using Ccs.Prompts.Jinja;

namespace Ccs.Pipeline;

/// <summary>
/// A promptsource template as example building uses it (<see cref="IPromptTemplate"/>): the original's
/// <c>Template.apply(example)</c> (<c>ccs/promptsource/templates.py</c>, <c>truncate=False</c>, newline-preserving
/// strip of each <c>|||</c> part) unpacked into <c>q, a</c> as <c>_convert_to_prompts</c>
/// (<c>ccs/extraction/prompt_loading.py</c>) does.
/// </summary>
internal sealed class JinjaPromptTemplate : IPromptTemplate
{
    private static readonly IReadOnlySet<string> GlobalNames = Globals.Builtins().Keys.Concat(Globals.ElkExtras().Keys).ToHashSet(StringComparer.Ordinal);
    private const string AnswerChoicesVariable = "answer_choices";

    private readonly TemplateRenderer _renderer;

    public JinjaPromptTemplate(string file, PromptTemplate template)
    {
        // The original's Jinja filters `choice` and `permutation` draw from Python's unseeded global RNG (spec 3.4.1);
        // only open-ended templates use them, and those are dropped before rendering.
        _renderer = new TemplateRenderer(file, template, RenderRules.Original, Random.Shared);
        var environment = new JinjaEnvironment(RenderRules.Original.Flavor, Random.Shared);
        Fields = new[] { template.Jinja, template.AnswerChoices }
            .OfType<string>()
            .SelectMany(source => UndeclaredNames.Find(environment.Compile(source)))
            .Where(name => name != AnswerChoicesVariable && !GlobalNames.Contains(name))
            .ToHashSet(StringComparer.Ordinal);
    }

    public string Name => _renderer.Template.Name;

    public string File => _renderer.File;

    /// <summary>The row fields the template (or its answer choices) reads.</summary>
    public IReadOnlySet<string> Fields { get; }

    public PromptText Apply(IReadOnlyDictionary<string, object?> example)
    {
        (string question, string answer) = ContrastPrompts.QuestionAnswer(_renderer, JinjaValues.Row(example));
        return new PromptText(question, answer);
    }
}
