namespace Ccs.Models.Decoding;

/// <summary>Whether a checkpoint comes with an LM head, and whether that head reuses the input embeddings.</summary>
/// <param name="Present">
/// Spec 4.1: the original loads the class named by <c>architectures</c> whose name ends in
/// <c>ConditionalGeneration</c>, <c>CausalLM</c> or <c>LMHeadModel</c>; anything else (a bare or a task model) is
/// loaded headless and has no LM predictions.
/// </param>
/// <param name="Tied"><c>tie_word_embeddings</c>: the head's weight is the input embedding matrix (no weight of its own).</param>
public sealed record LanguageModelHead(bool Present, bool Tied)
{
    public static LanguageModelHead Parse(ConfigJson json, bool tiedByDefault)
    {
        var architectures = json.OptionalStringList("architectures") ?? [];
        bool present = architectures.Any(a => a.EndsWith("ConditionalGeneration", StringComparison.Ordinal)
                                              || a.EndsWith("CausalLM", StringComparison.Ordinal)
                                              || a.EndsWith("LMHeadModel", StringComparison.Ordinal));
        return new LanguageModelHead(present, json.Bool("tie_word_embeddings", tiedByDefault));
    }

    /// <summary>Whether the module owns a head weight (present and untied).</summary>
    public bool HasOwnWeight => Present && !Tied;
}
