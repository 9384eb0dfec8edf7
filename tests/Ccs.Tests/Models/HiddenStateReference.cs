using System.Text.Json;
using Ccs.Models;
using Ccs.Tests.Support;

namespace Ccs.Tests.Models;

/// <summary>
/// One <c>models/*/reference/*.json</c> file of the shared material (format in <c>models/README.md</c>): cases of
/// input ids with the hidden-state summaries transformers computed for them.
/// </summary>
public sealed record HiddenStateReference(
    string RelativePath,
    string ModelFolder,
    string ModelType,
    double Atol,
    double Rtol,
    int NumHiddenStates,
    int HiddenSize,
    IReadOnlyList<ReferenceCase> Cases)
{
    public static string ModelsRoot => SharedMaterial.Path("models");

    /// <summary>Every reference file present, as paths relative to <see cref="ModelsRoot"/>, sorted.</summary>
    public static IEnumerable<string> AllFiles() =>
        Directory.EnumerateFiles(ModelsRoot, "*.json", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == "reference")
            .Select(path => Path.GetRelativePath(ModelsRoot, path))
            .Order(StringComparer.Ordinal);

    /// <summary>The reference files whose model type ccs supports.</summary>
    public static IEnumerable<string> SupportedFiles() =>
        AllFiles().Where(f => ModelArchitectures.IsSupported(ModelTypeOf(f)));

    /// <summary>The model folder name a reference file belongs to.</summary>
    public static string ModelFolderOf(string relativePath) => relativePath.Split(Path.DirectorySeparatorChar)[0];

    /// <summary>The <c>model_type</c> of the model folder a reference file belongs to.</summary>
    public static string ModelTypeOf(string relativePath)
    {
        string folder = Path.Combine(ModelsRoot, relativePath.Split(Path.DirectorySeparatorChar)[0]);
        return ConfigJson.Read(Path.Combine(folder, "config.json")).OptionalString("model_type") ?? "";
    }

    public static HiddenStateReference Load(string relativePath)
    {
        string path = Path.Combine(ModelsRoot, relativePath);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("format_version").GetInt32());
        var tolerance = root.GetProperty("tolerance");
        string modelFolder = Path.Combine(ModelsRoot, relativePath.Split(Path.DirectorySeparatorChar)[0]);
        var cases = root.GetProperty("cases").EnumerateArray().Select((c, i) => new ReferenceCase(
            Index: i,
            Batch: c.GetProperty("batch").GetInt32(),
            PaddingSide: c.GetProperty("padding_side").GetString()!,
            InputIds: c.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
            AttentionMask: c.GetProperty("attention_mask").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
            First: Vectors(c.GetProperty("hidden_states").GetProperty("first")),
            Last: Vectors(c.GetProperty("hidden_states").GetProperty("last")),
            Mean: Vectors(c.GetProperty("hidden_states").GetProperty("mean")))
        {
            PositionIds = OptionalIds(c, "position_ids"),
            DecoderInputIds = OptionalIds(c, "decoder_input_ids"),
            DecoderAttentionMask = OptionalIds(c, "decoder_attention_mask"),
            DecoderStates = c.TryGetProperty("decoder_hidden_states", out var d)
                ? new SummaryVectors(Vectors(d.GetProperty("first")), Vectors(d.GetProperty("last")), Vectors(d.GetProperty("mean")))
                : null,
            Answer = c.TryGetProperty("answer_logprobs", out var a)
                ? new ReferenceAnswer(
                    a.GetProperty("answer_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
                    a.GetProperty("answer_positions").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                    a.GetProperty("per_token").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
                    a.GetProperty("mean").GetDouble())
                : null,
        }).ToList();
        return new HiddenStateReference(
            relativePath,
            modelFolder,
            ModelTypeOf(relativePath),
            tolerance.GetProperty("atol").GetDouble(),
            tolerance.GetProperty("rtol").GetDouble(),
            root.GetProperty("num_hidden_states").GetInt32(),
            root.GetProperty("hidden_size").GetInt32(),
            cases);
    }

    private static long[]? OptionalIds(JsonElement c, string key) =>
        c.TryGetProperty(key, out var ids) ? ids.EnumerateArray().Select(e => e.GetInt64()).ToArray() : null;

    private static double[][] Vectors(JsonElement element) =>
        element.EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
}

/// <summary>One sequence of a reference file (one row of its batch, padding included).</summary>
public sealed record ReferenceCase(
    int Index,
    int Batch,
    string PaddingSide,
    long[] InputIds,
    long[] AttentionMask,
    double[][] First,
    double[][] Last,
    double[][] Mean)
{
    public int FirstReal => Array.IndexOf(AttentionMask, 1L);

    public int LastReal => Array.LastIndexOf(AttentionMask, 1L);

    /// <summary>(decoders) the position ids transformers was given.</summary>
    public long[]? PositionIds { get; init; }

    /// <summary>(T5) the decoder inputs, right-padded, and their mask.</summary>
    public long[]? DecoderInputIds { get; init; }

    public long[]? DecoderAttentionMask { get; init; }

    /// <summary>(T5) first/last/mean summaries of the decoder stack.</summary>
    public SummaryVectors? DecoderStates { get; init; }

    /// <summary>(decoders, T5) the answer log-probabilities.</summary>
    public ReferenceAnswer? Answer { get; init; }
}

/// <summary>first / last / mean vectors per hidden state.</summary>
public sealed record SummaryVectors(double[][] First, double[][] Last, double[][] Mean);

/// <summary>
/// <c>answer_logprobs</c>: decoders predict <c>AnswerIds[k]</c> at padded index <c>Positions[k]</c> from index
/// <c>Positions[k] − 1</c>; T5's answer ids are the labels, predicted at decoder positions <c>Positions</c>.
/// </summary>
public sealed record ReferenceAnswer(long[] AnswerIds, int[] Positions, double[] PerToken, double Mean);
