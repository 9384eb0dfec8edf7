using System.Collections.Immutable;
using System.Text.Json;
using Ccs.Data;
using Ccs.Extraction;
using Ccs.Models;
using Ccs.Runs;
using Ccs.Tests.Models;
using Ccs.Tests.Support;
using Ccs.Tokenization;
using static TorchSharp.torch;

namespace Ccs.Tests.Extraction;

/// <summary>Models, prompts and scratch folders shared by the extraction tests.</summary>
internal static class ExtractionFixtures
{
    public static string MiniLm => SharedMaterial.Path("models", "all-MiniLM-L6-v2");
    public static string TinyRoberta => SharedMaterial.Path("models", "tiny-roberta");

    public static CcsConsole Quiet => new(TextWriter.Null, TextWriter.Null, false);

    public static Tokenizer MiniLmTokenizer() => TokenizerLoader.FromFolder(MiniLm);

    /// <summary>The MiniLM model every forward-pass test shares, wrapped so that an extractor cannot dispose it.</summary>
    public static ExtractionModel SharedMiniLm() =>
        new(new Undisposable(ModelRuns.Model(MiniLm)), MiniLmTokenizer());

    /// <summary>Short sentences of different lengths (the first words of real imdb reviews).</summary>
    public static IReadOnlyList<string> ShortTexts(int count)
    {
        var lines = File.ReadLines(SharedMaterial.Path("data", "imdb", "test.jsonl")).Take(count);
        return [.. lines.Select((line, i) =>
        {
            string text = JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!;
            return string.Join(' ', text.Split(' ').Take(4 + 5 * i % 37));
        })];
    }

    /// <summary>An example with one question per variant and the answers "negative"/"positive".</summary>
    public static PromptedExample Example(long rowId, int label, params string[] questions) => new(
        rowId, label,
        [.. questions.Select(q => ImmutableArray.Create(new PromptText(q, "negative"), new PromptText(q + " Really?", "positive")))],
        [.. questions.Select((_, i) => $"template {i}")]);

    /// <summary>
    /// Examples of two variants whose choices share the question (answers "negative"/"positive", then "bad"/"very
    /// good"), numbered from <paramref name="firstRowId"/>: the shape the shared-prefix and LM log-odds paths need.
    /// </summary>
    public static IEnumerable<PromptedExample> TwoVariantExamples(int count, long firstRowId = 0) => ShortTexts(count).Select((text, i) =>
        new PromptedExample(
            firstRowId + i, i % 2,
            [[new PromptText(text, "negative"), new PromptText(text, "positive")],
             [new PromptText($"Review: {text}\nSentiment:", "bad"), new PromptText($"Review: {text}\nSentiment:", "very good")]],
            ["a", "b"]));

    /// <summary>A GPT-2 config with its LM head, 2 layers of width 32 over the real GPT-2 vocabulary, for random weights.</summary>
    public const string TinyGpt2Config = """
        {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 50257, "n_positions": 256,
         "n_embd": 32, "n_layer": 2, "n_head": 2, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
        """;

    /// <summary>A promptsource file for <paramref name="dataset"/> with one binary template over a <c>text</c> column.</summary>
    public static string ReviewTemplateFile(string dataset) => $$$"""
        dataset: {{{dataset}}}
        templates:
          a1: !Template
            answer_choices: negative ||| positive
            id: a1
            jinja: '{{text}} Did the reviewer like it? ||| {{ answer_choices[label] }}'
            metadata: !TemplateMetadata
              choices_in_prompt: false
              languages:
              - en
              metrics:
              - Accuracy
              original_task: true
            name: liked it
            reference: ''
        """;

    /// <summary>Forward passes go through to the shared model; disposing does nothing.</summary>
    private sealed class Undisposable(IHiddenStateModel inner) : IHiddenStateModel
    {
        public ModelConfig Config => inner.Config;
        public ModelPlacement Placement => inner.Placement;
        public Tensor[] HiddenStates(Tensor inputIds, Tensor attentionMask) => inner.HiddenStates(inputIds, attentionMask);
        public void Dispose() { }
    }
}

/// <summary>A scratch folder, deleted afterwards.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ccs-extraction-test-").FullName;

    public string Write(string relative, string text)
    {
        string file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
