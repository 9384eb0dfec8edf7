using Ccs.Caching;
using Ccs.Extraction;
using Ccs.Models;
using Ccs.Models.T5;
using Ccs.Options;
using Ccs.Tests.Models;
using Ccs.Tests.Support;
using Ccs.Tokenization;
using Xunit.Abstractions;

namespace Ccs.Tests.Extraction;

/// <summary>
/// Every reference file of a generative model (cases with <c>answer_logprobs</c>), through the extraction passes:
/// the pooled states at every token_loc and the stored LM log-odds (spec 4.7: <c>m − log1p(−exp(m))</c> of the mean
/// answer log-prob) must be transformers' within the file's tolerance. Decoders run as full sequences and with the
/// shared prefix (each case's question followed by its answer and a second, reversed answer continuing the same
/// cached question); T5 as encoder-decoder (the question into the encoder, the labels as the decoder's target;
/// decoder states) and with <c>--use_encoder_states</c> (question + answer into the encoder; encoder states, no
/// log-odds).
/// </summary>
[Collection(ModelTestCollection.Name)]
public class ChoicePassParityTests(ITestOutputHelper output)
{
    /// <summary>The tiny models have no tokenizer; the t5-base one only supplies the pad id (0, in every tiny vocabulary).</summary>
    private static readonly Lazy<Tokenizer> PadSource = new(() => TokenizerLoader.FromFolder(SharedMaterial.Path("tokenizers", "t5-base")));

    public static TheoryData<string, string> FilesAndPasses()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in HiddenStateReference.SupportedFiles())
        {
            var reference = HiddenStateReference.Load(file);
            if (!reference.Cases.All(c => c.Answer is not null)) continue;
            string[] passes = reference.Cases[0].DecoderInputIds is null ? ["full", "shared"] : ["encoder-decoder", "encoder"];
            foreach (string pass in passes) data.Add(file, pass);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FilesAndPasses))]
    public void Pooled_states_and_log_odds_match_transformers(string referenceFile, string passName)
    {
        var reference = HiddenStateReference.Load(referenceFile);
        var model = ModelRuns.Model(reference.ModelFolder);
        var checks = new ReferenceChecks(reference.Atol, reference.Rtol);
        var choices = new List<ChoiceTokens>();
        foreach (var c in reference.Cases)
        {
            int[] real = [.. c.InputIds.Where((_, t) => c.AttentionMask[t] == 1).Select(x => (int)x)];
            int[] answer = [.. c.Answer!.AnswerIds.Select(x => (int)x)];
            // Decoders: the answer is the last tokens of the sequence. T5: the input is the question, the labels the answer;
            // read through the encoder, its last two tokens play the answer.
            int[] question = passName switch { "encoder-decoder" => real, "encoder" => real[..^2], _ => real[..^answer.Length] };
            if (passName is "full" or "shared") Assert.Equal(answer, real[^answer.Length..]);
            if (passName == "encoder") answer = real[^2..];
            choices.Add(new ChoiceTokens(question, answer));
            choices.Add(new ChoiceTokens(question, [.. answer.Reverse()]));
        }

        int[] layers = [.. Enumerable.Range(0, reference.NumHiddenStates)];
        var extraction = new ExtractionModel(model, PadSource.Value, UseEncoderStates: passName == "encoder");
        foreach (TokenLoc loc in Enum.GetValues<TokenLoc>())
        {
            var settings = new ExtractionSettings(layers, loc, HiddenStorage.Float32, BatchSize: null, SharedPrefix: passName != "full");
            IChoicePass pass = extraction.Pass(settings);
            Assert.Equal(passName switch
            {
                "full" or "encoder" => typeof(PooledStates), "shared" => typeof(SharedPrefixStates), _ => typeof(EncoderDecoderStates),
            }, pass.GetType());
            Assert.Equal(passName != "encoder", pass.ScoresAnswers);
            var results = pass.Run(choices);
            for (int i = 0; i < reference.Cases.Count; i++)
            {
                var c = reference.Cases[i];
                SummaryVectors summaries = passName == "encoder-decoder" ? c.DecoderStates! : new SummaryVectors(c.First, c.Last, c.Mean);
                double[][] expected = loc switch { TokenLoc.First => summaries.First, TokenLoc.Last => summaries.Last, _ => summaries.Mean };
                float[] pooled = results[2 * i].Pooled;
                for (int layer = 0; layer < layers.Length; layer++)
                    checks.Vector($"case {c.Index} {loc} [{layer}]", expected[layer],
                        [.. pooled.Skip(layer * reference.HiddenSize).Take(reference.HiddenSize).Select(v => (double)v)]);
                if (!pass.ScoresAnswers) continue;
                double mean = c.Answer!.Mean;
                checks.Value($"case {c.Index} lm_log_odds", mean - Math.Log(1 - Math.Exp(mean)), results[2 * i].LogOdds!.Value);
            }
        }
        output.WriteLine($"{referenceFile} {passName}: max-abs error {checks.Worst:0.0e+0}");
        checks.AssertPassed();
    }

    [Fact]
    public void A_decoder_layer_past_t5s_decoder_depth_is_reported()
    {
        var t5 = Assert.IsType<T5Model>(ModelRuns.Model(SharedMaterial.Path("models", "tiny-t5")));
        int depth = ((T5Config)t5.Config).NumDecoderLayers;
        var e = Assert.Throws<CcsException>(() => new EncoderDecoderStates(t5, [0, depth + 1], TokenLoc.Last));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal($"layer {depth + 1} does not exist in the decoder, whose hidden states go from 0 (embeddings) to {depth}", e.Message);
    }
}
