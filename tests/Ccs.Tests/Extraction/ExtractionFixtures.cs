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
