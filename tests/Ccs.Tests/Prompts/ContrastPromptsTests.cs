using Ccs.Prompts;
using Ccs.Prompts.Jinja;
using Ccs.Tests.Support;

namespace Ccs.Tests.Prompts;

/// <summary>The per-choice (question, answer) texts of spec 3.4.1/3.9, beyond what the render references cover.</summary>
public sealed class ContrastPromptsTests
{
    private static TemplateRenderer ImdbTemplate(string name, RenderRules rules)
    {
        string path = SharedMaterial.Path("promptsource-elk", "imdb", "templates.yaml");
        return new TemplateRenderer(path, TemplateFileLoader.Load(path).Templates.Single(t => t.Name == name), rules, new Random(0));
    }

    [Fact]
    public void Reproduces_the_worked_example_of_the_spec()
    {
        var row = new Dictionary<string, object?> { ["text"] = "A great film.", ["label"] = 1L };
        var prompts = ContrastPrompts.ForExample([ImdbTemplate("Movie Expressed Sentiment", RenderRules.Original)], row, "label", [0L, 1L]);
        Assert.Equal(
            [new ChoicePrompt("A great film.\nThe sentiment expressed for the movie is", "negative"),
             new ChoicePrompt("A great film.\nThe sentiment expressed for the movie is", "positive")],
            prompts.Single());
    }

    [Fact]
    public void The_original_never_truncates_long_values_while_promptsource_does()
    {
        // imdb train row 2 is a 4466-character review (shared/data/imdb)
        var row = PyJson.Row(System.Text.Json.JsonDocument.Parse(File.ReadLines(SharedMaterial.Path("data", "imdb", "train.jsonl")).ElementAt(2)).RootElement);
        string text = (string)row["text"]!;
        Assert.True(text.Length > 2053);
        var original = ContrastPrompts.ForExample([ImdbTemplate("Movie Expressed Sentiment", RenderRules.Original)], row, "label", [0L, 1L]);
        Assert.Equal(text + "\nThe sentiment expressed for the movie is", original[0][0].Question);
        string truncated = ImdbTemplate("Movie Expressed Sentiment", RenderRules.Promptsource).Apply(row)[0];
        Assert.EndsWith("...\nThe sentiment expressed for the movie is", truncated);
        Assert.True(truncated.Length < 2048 + 50);
    }

    [Fact]
    public void Identical_pairs_within_an_example_are_rejected_as_the_original_does()
    {
        var row = new Dictionary<string, object?> { ["text"] = "A great film.", ["label"] = 1L };
        var template = ImdbTemplate("Movie Expressed Sentiment", RenderRules.Original);
        var e = Assert.Throws<CcsException>(() => ContrastPrompts.ForExample([template, template], row, "label", [0L, 1L]));
        Assert.StartsWith("Prompt duplicated 2 times! \"('A great film.\\nThe sentiment expressed for the movie is', 'negative')\"", e.Message);
    }

    [Theory]
    // spec 3.8 / promptsource-renders/README.md ELK rule 4
    [InlineData("...positive or negative?", "\nnegative", "...positive or negative?\nnegative")]
    [InlineData("...?", "No", "...? No")]
    [InlineData("q ", "a", "q a")]
    [InlineData("", "a", "a")]
    [InlineData("q", "  ", "q")]
    public void Joins_question_and_answer_like_qa_cat(string q, string a, string joined) =>
        Assert.Equal(joined, ContrastPrompts.JoinQuestionAnswer(q, a));

    [Theory]
    // ccs/promptsource/templates.py Template._strip_spaces
    [InlineData("  a b \t", "a b")]
    [InlineData("\n  a\n \n", "\na\n\n")]
    [InlineData(" \n \n ", "\n\n")]
    [InlineData("", "")]
    public void Strips_parts_keeping_newlines(string part, string stripped) =>
        Assert.Equal(stripped, TemplateRenderer.StripKeepingNewlines(part));
}
