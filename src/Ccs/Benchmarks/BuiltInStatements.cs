using System.Collections.Immutable;
using Ccs.Data;

namespace Ccs.Benchmarks;

/// <summary>
/// The default workload of <c>ccs bench</c>: short true/false statements, each asked through two templates with the
/// binary choices "true"/"false", so it runs anywhere without a dataset. Only the shape matters (a decoder's
/// question followed by a one-token answer, two choices per template), not the facts.
/// </summary>
public static class BuiltInStatements
{
    private static readonly (string Statement, bool True)[] Statements =
    [
        ("The sun rises in the east.", true),
        ("Water boils at ten degrees Celsius at sea level.", false),
        ("A week has seven days.", true),
        ("Spiders have six legs.", false),
        ("Paris is the capital of France.", true),
        ("The moon is larger than the earth.", false),
        ("Ice is frozen water.", true),
        ("Fish breathe with lungs.", false),
        ("A triangle has three sides.", true),
        ("Two plus two equals five.", false),
        ("Bees make honey.", true),
        ("The Pacific is the smallest ocean.", false),
        ("Plants need light to grow.", true),
        ("Snow is usually black.", false),
        ("A year has twelve months.", true),
        ("Cats are a kind of bird.", false),
    ];

    private static readonly string[] Templates =
    [
        "Is the following statement true or false? {0}",
        "Consider this claim: \"{0}\" Is the claim true or false?",
    ];

    private static readonly string[] Choices = ["false", "true"];

    /// <summary>The first <paramref name="count"/> examples, cycling through the statements.</summary>
    public static IReadOnlyList<PromptedExample> Examples(int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var (statement, isTrue) = Statements[i % Statements.Length];
            var prompts = Templates.Select(t => Choices.Select(c => new PromptText(string.Format(t, statement), c)).ToImmutableArray());
            return new PromptedExample(i, isTrue ? 1 : 0, [.. prompts], [.. Templates.Select((_, t) => $"statement_{t}")]);
        })];

    /// <summary>Every lower-cased word and punctuation mark the examples use, for a random model's word-level vocabulary.</summary>
    public static IEnumerable<string> Words() =>
        Statements.Select(s => s.Statement).Concat(Templates).Concat(Choices)
            .SelectMany(text => text.ToLowerInvariant().Replace("{0}", " ", StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .SelectMany(SplitPunctuation)
            .Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> SplitPunctuation(string word)
    {
        int start = 0;
        for (int i = 0; i < word.Length; i++)
        {
            if (char.IsLetterOrDigit(word[i])) continue;
            if (i > start) yield return word[start..i];
            yield return word[i].ToString();
            start = i + 1;
        }
        if (start < word.Length) yield return word[start..];
    }
}
