using System.Text.Json;
using System.Text.Json.Nodes;
using Ccs.Checkpoints;
using Ccs.Models;
using Ccs.Models.Decoding;
using Ccs.Models.Llama;
using Ccs.Models.T5;
using Ccs.Tests.Checkpoints;
using static Ccs.Tests.Checkpoints.SafetensorsWriter;
using static Ccs.Tests.Checkpoints.SafetensorsFileTests;
using static TorchSharp.torch;

namespace Ccs.Tests.Models;

/// <summary>
/// Generative checkpoints in the layouts transformers writes and users have: no wrapper prefix, tied heads
/// stored anyway, the buffers older versions saved, shards, bf16 storage, headless task classes. Each is
/// rewritten from a shared tiny model and must reproduce that model's reference outputs.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class DecoderCheckpointLayoutTests
{
    [Fact]
    public void Gpt2_in_the_original_layout_with_mask_buffers_and_a_stored_tied_head()
    {
        using var temp = new TempFolder();
        var entries = TinyCheckpoints.Entries("tiny-gpt2").Select(e => e with { Name = e.Name["transformer.".Length..] }).ToList();
        var wte = entries.Single(e => e.Name == "wte.weight");
        entries.Add(wte with { Name = "lm_head.weight" });
        entries.Add(new Entry("h.0.attn.bias", "F32", [1, 1, 2, 2], F32(1, 0, 1, 1)));
        entries.Add(new Entry("h.1.attn.masked_bias", "F32", [], F32(-1e4f)));
        AssertMatchesReference(TinyCheckpoints.Folder(temp, "tiny-gpt2", entries), "tiny-gpt2");
    }

    [Fact]
    public void Pythia_shards_with_the_old_attention_buffers()
    {
        using var temp = new TempFolder();
        TinyCheckpoints.CopyConfig(temp, "tiny-gpt-neox");
        var entries = TinyCheckpoints.Entries("tiny-gpt-neox");
        entries.Add(new Entry("gpt_neox.layers.0.attention.bias", "BOOL", [1, 1, 2, 2], [1, 0, 1, 1]));
        entries.Add(new Entry("gpt_neox.layers.0.attention.masked_bias", "F32", [], F32(-1e9f)));
        entries.Add(new Entry("gpt_neox.layers.1.attention.rotary_emb.inv_freq", "F32", [2], F32(1f, 0.01f)));
        var first = entries.Take(entries.Count / 2).ToList();
        var second = entries.Skip(entries.Count / 2).ToList();
        Write(temp.File("model-00001-of-00002.safetensors"), first);
        Write(temp.File("model-00002-of-00002.safetensors"), second);
        File.WriteAllText(temp.File(CheckpointFiles.IndexFile), JsonSerializer.Serialize(new
        {
            metadata = new { total_size = 0 },
            weight_map = first.Select(e => (e.Name, Shard: "model-00001-of-00002.safetensors"))
                .Concat(second.Select(e => (e.Name, Shard: "model-00002-of-00002.safetensors")))
                .ToDictionary(e => e.Name, e => e.Shard),
        }));
        AssertMatchesReference(temp.Path, "tiny-gpt-neox");
    }

    [Fact]
    public void Qwen2_with_its_tied_head_stored_and_float64_weights()
    {
        using var temp = new TempFolder();
        var entries = TinyCheckpoints.Entries("tiny-qwen2").Select(TinyCheckpoints.AsF64).ToList();
        Assert.DoesNotContain(entries, e => e.Name == "lm_head.weight");
        // A copy that disagrees with the embeddings would show if it were used instead of the tied matrix.
        var embeddings = entries.Single(e => e.Name == "model.embed_tokens.weight");
        entries.Add(embeddings with { Name = "lm_head.weight", Data = new byte[embeddings.Data.Length] });
        AssertMatchesReference(TinyCheckpoints.Folder(temp, "tiny-qwen2", entries), "tiny-qwen2");
    }

    [Fact]
    public void T5_with_stored_embed_tokens_copies_and_the_unused_cross_attention_bias()
    {
        using var temp = new TempFolder();
        var entries = TinyCheckpoints.Entries("tiny-t5");
        var shared = entries.Single(e => e.Name == "shared.weight");
        entries.Add(shared with { Name = "encoder.embed_tokens.weight" });
        entries.Add(shared with { Name = "decoder.embed_tokens.weight" });
        entries.Add(new Entry("decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight", "F32", [32, 4], F32(new float[128])));
        AssertMatchesReference(TinyCheckpoints.Folder(temp, "tiny-t5", entries), "tiny-t5");
    }

    [Fact]
    public void Llama_stored_in_bfloat16_loads_in_float32_within_the_rounding_of_its_weights()
    {
        using var temp = new TempFolder();
        WriteConfig(temp, "tiny-llama", json => json["torch_dtype"] = "bfloat16");
        var entries = TinyCheckpoints.Entries("tiny-llama").Select(e =>
        {
            var floats = new float[e.Data.Length / 4];
            Buffer.BlockCopy(e.Data, 0, floats, 0, e.Data.Length);
            return e with { DType = "BF16", Data = BF16(floats) };   // truncation to bfloat16
        });
        Write(temp.File(CheckpointFiles.SingleFile), entries);
        Assert.Equal("bfloat16", PretrainedModel.ReadConfig(temp.Path).TorchDtype);
        using var model = PretrainedModel.Load(temp.Path, ModelPlacement.CpuFloat32);
        var reference = HiddenStateReference.Load(Path.Combine("tiny-llama", "reference", "single.json"));
        foreach (var c in reference.Cases)
        {
            var states = ModelRuns.Run(model, [c.InputIds], [c.AttentionMask])[0];
            for (int layer = 0; layer < states.Length; layer++)
            {
                var actual = ModelRuns.MaskedMean(states[layer], c.AttentionMask);
                double scale = c.Mean[layer].Max(Math.Abs);
                double error = actual.Zip(c.Mean[layer], (a, e) => Math.Abs(a - e)).Max();
                // bfloat16 weights carry 8 significant bits: a few percent of the largest value, not more.
                Assert.InRange(error / scale, 1e-6, 0.05);
            }
        }
    }

    [Fact]
    public void A_headless_llama_task_checkpoint_gives_states_but_no_log_probs()
    {
        using var temp = new TempFolder();
        WriteConfig(temp, "tiny-llama", json => json["architectures"] = new JsonArray("LlamaForSequenceClassification"));
        var entries = TinyCheckpoints.Entries("tiny-llama").Where(e => e.Name != "lm_head.weight").ToList();
        entries.Add(new Entry("score.weight", "F32", [2, 64], F32(new float[128])));
        Write(temp.File(CheckpointFiles.SingleFile), entries);
        using var model = Assert.IsType<LlamaModel>(PretrainedModel.Load(temp.Path, ModelPlacement.CpuFloat32));
        Assert.False(model.HasLanguageModelHead);
        var reference = HiddenStateReference.Load(Path.Combine("tiny-llama", "reference", "single.json"));
        Assert.Empty(HiddenStateParityTests.Compare(model, reference).Failures);
        using var scope = NewDisposeScope();
        var scored = model.ScoreAnswers([5, 6, 7], [[8, 9]]);
        Assert.Null(scored[0].LogProb);
        Assert.Equal(5, scored[0].HiddenStates[0].shape[0]);
    }

    [Theory]
    [InlineData("""{"model_type": "llama", "rope_scaling": {"rope_type": "yarn", "factor": 4.0}}""", "has rope type 'yarn'")]
    [InlineData("""{"model_type": "llama", "rope_scaling": {"rope_type": "llama3", "factor": 8.0}}""", "needs low_freq_factor")]
    [InlineData("""{"model_type": "llama", "rope_scaling": {"type": "linear", "factor": 0.5}}""", "'rope_scaling.factor' must be a number of at least 1")]
    [InlineData("""{"model_type": "llama", "num_attention_heads": 6, "num_key_value_heads": 4}""", "not a multiple of num_key_value_heads")]
    [InlineData("""{"model_type": "qwen2", "use_sliding_window": true}""", "'use_sliding_window' is true")]
    [InlineData("""{"model_type": "gpt2", "activation_function": "swiglu"}""", "'activation_function' is 'swiglu'")]
    [InlineData("""{"model_type": "gpt_neox", "hidden_size": 64, "num_attention_heads": 4, "rotary_pct": 0.05}""", "rotated dimensions")]
    [InlineData("""{"model_type": "t5", "feed_forward_proj": "fancy-gelu"}""", "'feed_forward_proj' is 'fancy-gelu'")]
    public void An_invalid_generative_config_is_rejected_with_the_key(string config, string reason)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("config.json"), config);
        AssertBadInput(() => PretrainedModel.ReadConfig(temp.Path), "config.json", reason);
    }

    [Fact]
    public void Configs_resolve_transformers_defaults()
    {
        using var temp = new TempFolder();
        LlamaConfig Read(string text)
        {
            File.WriteAllText(temp.File("config.json"), text);
            return Assert.IsType<LlamaConfig>(PretrainedModel.ReadConfig(temp.Path));
        }
        Assert.Equal(4096, Read("""{"model_type": "mistral"}""").SlidingWindow);            // MistralConfig's default
        Assert.Null(Read("""{"model_type": "mistral", "sliding_window": null}""").SlidingWindow);   // Mistral v0.2 and later
        Assert.Null(Read("""{"model_type": "qwen2", "sliding_window": 32768}""").SlidingWindow);   // use_sliding_window false
        var llama = Read("""{"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "attention_bias": true, "rope_scaling": {"type": "dynamic", "factor": 2.0}}""");
        Assert.Equal((4, 16, true, true, "dynamic"), (llama.NumKeyValueHeads, llama.HeadDim, llama.QkvBias, llama.OutputBias, llama.Rope.Type));
        Assert.False(llama.Head.Present);   // no architectures: loaded headless, as AutoModel would
        File.WriteAllText(temp.File("config.json"), """{"model_type": "t5", "feed_forward_proj": "gated-gelu", "architectures": ["T5ForConditionalGeneration"]}""");
        var t5 = Assert.IsType<T5Config>(PretrainedModel.ReadConfig(temp.Path));
        Assert.Equal(("gelu_new", true, true, true), (t5.DenseAct, t5.IsGatedAct, t5.Head.Present, t5.Head.Tied));
    }

    private static void WriteConfig(TempFolder temp, string modelFolder, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(HiddenStateReference.ModelsRoot, modelFolder, "config.json")))!.AsObject();
        edit(json);
        File.WriteAllText(temp.File("config.json"), json.ToJsonString());
    }

    /// <summary>Hidden states (and, for generative references, answer log-probs) of single.json within its tolerance.</summary>
    private static void AssertMatchesReference(string folder, string modelFolder)
    {
        using var model = PretrainedModel.Load(folder, ModelPlacement.CpuFloat32);
        var reference = HiddenStateReference.Load(Path.Combine(modelFolder, "reference", "single.json"));
        var (_, failures) = HiddenStateParityTests.Compare(model, reference);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        if (model is not CausalLanguageModel decoder) return;
        var checks = new ReferenceChecks(reference.Atol, reference.Rtol);
        foreach (var c in reference.Cases)
        {
            using var scope = NewDisposeScope();
            var scores = decoder.ScoreSpans(tensor(c.InputIds, [1, c.InputIds.Length]), tensor(c.AttentionMask, [1, c.InputIds.Length]),
                [new AnswerSpan(c.Answer!.Positions[0], c.Answer.Positions.Length)]);
            checks.Vector($"case {c.Index}", c.Answer.PerToken, scores.Answers[0].PerToken.Select(v => (double)v).ToArray());
        }
        checks.AssertPassed();
    }
}
