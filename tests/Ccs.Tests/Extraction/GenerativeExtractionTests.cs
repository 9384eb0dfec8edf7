using Ccs.Benchmarks;
using Ccs.Caching;
using Ccs.Data;
using Ccs.Extraction;
using Ccs.Models;
using Ccs.Options;
using Ccs.Tests.Models;
using Ccs.Tests.Support;
using Ccs.Tokenization;
using static TorchSharp.torch;

namespace Ccs.Tests.Extraction;

/// <summary>
/// Extraction of generative models end to end, with real tokenizers and small random-weight models of their
/// vocabularies: the cache holds, per (variant, choice), the last-token states and the LM log-odds of the
/// model's own answer scoring (<see cref="IAnswerScoringModel.ScoreAnswers"/>, checked against transformers by
/// the model tests) — for GPT-2 with the shared prefix on and off (spec 4.3 decoder input: question, then
/// <c>" " + answer</c>), for T5 through encoder and decoder (question with <c>&lt;/s&gt;</c>, answer as the
/// target) and with <c>--use_encoder_states</c> (question + answer into the encoder, no log-odds).
/// </summary>
[Collection(ModelTestCollection.Name)]
public sealed class GenerativeExtractionTests : IDisposable
{
    private static readonly int[] Layers = [0, 1, 2];
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private const string T5Config = """
        {"model_type": "t5", "architectures": ["T5ForConditionalGeneration"], "vocab_size": 32128, "d_model": 16, "d_kv": 4,
         "num_heads": 4, "d_ff": 32, "num_layers": 2, "num_decoder_layers": 2, "feed_forward_proj": "gated-gelu",
         "tie_word_embeddings": false, "decoder_start_token_id": 0, "pad_token_id": 0, "eos_token_id": 1,
         "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128, "layer_norm_epsilon": 1e-6}
        """;

    /// <summary>Three examples, two variants each; both choices of a variant share the question.</summary>
    private static IEnumerable<PromptedExample> Examples() => ExtractionFixtures.TwoVariantExamples(3);

    private async Task<List<ExtractedExample>> Extract(string name, Func<ExtractionModel> load, bool sharedPrefix = true)
    {
        var settings = new ExtractionSettings(Layers, TokenLoc.Last, HiddenStorage.Float32, PartSize: 2, SharedPrefix: sharedPrefix);
        using var extractor = new HiddenStateExtractor(_scratch.Path, load, settings, ExtractionFixtures.Quiet);
        var job = new SplitJob("synthetic train", new CacheKey([new("run", name)]), Examples, MaxExamples: 3);
        return await (await extractor.ExtractAsync(job)).Entry.ReadAllAsync();
    }

    private IHiddenStateModel Random(string config) =>
        RandomModels.Create(Path.GetDirectoryName(_scratch.Write($"{config.GetHashCode():x}/config.json", config))!, ModelPlacement.CpuFloat32, seed: 3);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Gpt2_stores_each_choices_scored_answer(bool sharedPrefix)
    {
        var tokenizer = TokenizerLoader.FromFolder(SharedMaterial.Path("tokenizers", "gpt2"));
        var rows = await Extract("gpt2", () => new ExtractionModel(Random(ExtractionFixtures.TinyGpt2Config), tokenizer), sharedPrefix);
        using var model = (IAnswerScoringModel)Random(ExtractionFixtures.TinyGpt2Config);
        AssertScored(rows, model, p => (tokenizer.Encode(p.Question), tokenizer.EncodeAnswer(p.Answer).Ids), lastOfQuestionAndAnswer: true);
    }

    [Fact]
    public async Task T5_stores_decoder_states_and_log_odds_and_with_use_encoder_states_the_encoders()
    {
        var tokenizer = TokenizerLoader.FromFolder(SharedMaterial.Path("tokenizers", "t5-base"));
        var rows = await Extract("t5", () => new ExtractionModel(Random(T5Config), tokenizer));
        using var model = (IAnswerScoringModel)Random(T5Config);
        AssertScored(rows, model, p => (tokenizer.Encode(p.Question), tokenizer.Encode(p.Answer)), lastOfQuestionAndAnswer: false);

        var encoderRows = await Extract("t5 encoder", () => new ExtractionModel(Random(T5Config), tokenizer, UseEncoderStates: true));
        Assert.All(encoderRows, r => Assert.Null(r.LmLogOdds));
        double worst = 0;
        foreach (var (row, example) in encoderRows.Zip(Examples()))
        {
            var prompts = example.Prompts.SelectMany(v => v).ToList();
            for (int c = 0; c < prompts.Count; c++)
            {
                long[] ids = [.. tokenizer.Encode(prompts[c].Question), .. tokenizer.EncodeAnswer(prompts[c].Answer).Ids];
                var states = ModelRuns.Run(model, [ids], [[.. ids.Select(_ => 1L)]])[0];
                foreach (int layer in Layers) worst = Math.Max(worst, MaxDifference(ModelRuns.Row(states[layer], ids.Length - 1), row.Hidden[layer], c));
            }
        }
        Assert.InRange(worst, 0, 1e-5);
    }

    /// <summary>Stored (v, k) states and log-odds against one <see cref="IAnswerScoringModel.ScoreAnswers"/> call per variant.</summary>
    private static void AssertScored(List<ExtractedExample> rows, IAnswerScoringModel model, Func<PromptText, (int[] Question, int[] Answer)> tokenize,
        bool lastOfQuestionAndAnswer)
    {
        Assert.Equal(3, rows.Count);
        double worst = 0;
        foreach (var (row, example) in rows.Zip(Examples()))
        {
            Assert.NotNull(row.LmLogOdds);
            for (int v = 0; v < example.Prompts.Length; v++)
            {
                var ids = example.Prompts[v].Select(tokenize).ToList();
                using var scope = NewDisposeScope();
                var scored = model.ScoreAnswers([.. ids[0].Question.Select(x => (long)x)], [.. ids.Select(p => p.Answer.Select(x => (long)x).ToArray())]);
                for (int k = 0; k < scored.Count; k++)
                {
                    int c = v * scored.Count + k;
                    float expected = scored[k].LogProb!.LogOdds;
                    worst = Math.Max(worst, Math.Abs(expected - row.LmLogOdds![c]) / Math.Max(1, Math.Abs(expected)));
                    foreach (int layer in Layers)
                    {
                        var states = scored[k].HiddenStates[layer];
                        double[] last = [.. states[states.shape[0] - 1].to(ScalarType.Float64).data<double>()];
                        worst = Math.Max(worst, MaxDifference(last, row.Hidden[layer], c));
                    }
                }
                Assert.True(lastOfQuestionAndAnswer || ids.All(p => p.Answer[^1] == 1), "T5 answers end with </s>");
            }
        }
        Assert.InRange(worst, 0, 1e-5);
    }

    private static double MaxDifference(double[] expected, float[] stored, int choice) =>
        expected.Select((e, j) => Math.Abs(e - stored[choice * expected.Length + j])).Max() / Math.Max(1, expected.Max(Math.Abs));
}
