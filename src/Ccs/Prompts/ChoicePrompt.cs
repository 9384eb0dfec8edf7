namespace Ccs.Prompts;

/// <summary>The text of one (example, template, pseudo-label): spec 3.9. The model sees <see cref="Question"/>
/// (tokenized with special tokens) followed by the tokens of <c>" " + Answer</c> (spec 4.3); <see cref="Question"/>
/// is what the extracted record's <c>texts</c> stores (spec 3.10).</summary>
/// <param name="Question">The template's first part, newline-preserving strip (spec 3.4.1).</param>
/// <param name="Answer">The template's second part, fully stripped (<c>str.strip()</c>).</param>
public sealed record ChoicePrompt(string Question, string Answer);
