using System.Text.Json;
using Ccs.Checkpoints;
using Ccs.Models;
using Ccs.Tests.Models;
using static Ccs.Tests.Checkpoints.SafetensorsWriter;
using static Ccs.Tests.Checkpoints.SafetensorsFileTests;

namespace Ccs.Tests.Checkpoints;

/// <summary>
/// Loading model folders the way users have them (prefixed task checkpoints, shards, float64 storage) and the
/// errors for the ones that cannot be used. Checkpoints are rewritten from the shared tiny models, and the
/// loaded models are checked against the shared reference hidden states.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class ModelLoadingTests
{
    private const string Roberta = "tiny-roberta";
    private const string Deberta = "tiny-deberta-v2";

    [Fact]
    public void A_task_checkpoint_with_prefix_heads_and_buffers_loads_as_the_base_model()
    {
        using var temp = new TempFolder();
        // RobertaForMaskedLM layout: "roberta." before every base key, an "lm_head." and the old position_ids buffer.
        var entries = TinyCheckpoints.Entries(Roberta).Select(e => e with { Name = "roberta." + e.Name }).ToList();
        entries.Add(new Entry("lm_head.dense.weight", "F32", [2, 2], F32(1, 2, 3, 4)));
        entries.Add(new Entry("roberta.embeddings.position_ids", "I64", [1, 1], BitConverter.GetBytes(0L)));
        entries.Add(new Entry("classifier.out_proj.bias", "F32", [2], F32(0, 0)));
        AssertMatchesReference(TinyCheckpoints.Folder(temp, Roberta, entries), Roberta);
    }

    [Fact]
    public void A_sharded_checkpoint_loads_through_its_index()
    {
        using var temp = new TempFolder();
        TinyCheckpoints.CopyConfig(temp, Deberta);
        var entries = TinyCheckpoints.Entries(Deberta);
        var first = entries.Take(entries.Count / 2).ToList();
        var second = entries.Skip(entries.Count / 2).ToList();
        Write(temp.File("model-00001-of-00002.safetensors"), first);
        Write(temp.File("model-00002-of-00002.safetensors"), second);
        WriteIndex(temp, first.Select(e => (e.Name, "model-00001-of-00002.safetensors"))
            .Concat(second.Select(e => (e.Name, "model-00002-of-00002.safetensors"))));
        AssertMatchesReference(temp.Path, Deberta);
    }

    [Fact]
    public void Float64_weights_are_converted_to_the_model_dtype()
    {
        using var temp = new TempFolder();
        AssertMatchesReference(TinyCheckpoints.Folder(temp, Deberta, TinyCheckpoints.Entries(Deberta).Select(TinyCheckpoints.AsF64)), Deberta);
    }

    [Fact]
    public void A_missing_shard_is_named()
    {
        using var temp = new TempFolder();
        TinyCheckpoints.CopyConfig(temp, Deberta);
        var entries = TinyCheckpoints.Entries(Deberta);
        Write(temp.File("model-00001-of-00002.safetensors"), entries.Take(3));
        WriteIndex(temp, entries.Select((e, i) => (e.Name, i < 3 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors")));
        AssertBadInput(() => Load(temp.Path), CheckpointFiles.IndexFile, "shard model-00002-of-00002.safetensors is missing");
    }

    [Fact]
    public void Missing_unexpected_and_misshapen_weights_are_listed_in_one_error()
    {
        using var temp = new TempFolder();
        var entries = TinyCheckpoints.Entries(Roberta)
            .Where(e => e.Name != "encoder.layer.1.output.dense.bias")
            .Select(e => e.Name == "embeddings.LayerNorm.bias" ? e with { Shape = [2, 32] } : e)
            .Append(new Entry("encoder.layer.2.output.dense.bias", "F32", [1], F32(0)))
            .ToList();
        var error = AssertBadInput(() => Load(TinyCheckpoints.Folder(temp, Roberta, entries)),
            "missing 1 (encoder.layer.1.output.dense.bias)",
            "unexpected 1 (encoder.layer.2.output.dense.bias)",
            "embeddings.LayerNorm.bias has shape [2, 32], the model needs [64]");
        Assert.StartsWith(temp.File(CheckpointFiles.SingleFile), error.Message);
    }

    [Fact]
    public void A_folder_with_only_pytorch_pickles_is_refused_with_how_to_convert()
    {
        using var temp = new TempFolder();
        TinyCheckpoints.CopyConfig(temp, Roberta);
        File.WriteAllBytes(temp.File("pytorch_model.bin"), [0x80, 0x02]);
        AssertBadInput(() => Load(temp.Path), "pytorch_model.bin", "never loads", "safe_serialization=True");
    }

    [Fact]
    public void An_unknown_model_type_is_named_with_the_supported_ones()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("config.json"), """{"model_type": "xlnet", "hidden_size": 64}""");
        AssertBadInput(() => Load(temp.Path), "config.json", "'model_type' is 'xlnet'", "bert, deberta-v2, gpt2, gpt_neox, llama, mistral, qwen2, roberta, t5");
    }

    [Theory]
    [InlineData("""{"model_type": "bert", "hidden_size": 65, "num_attention_heads": 4}""", "'hidden_size' (65) is not a multiple")]
    [InlineData("""{"model_type": "bert", "hidden_act": "gelu_10"}""", "'hidden_act' is 'gelu_10'")]
    [InlineData("""{"model_type": "bert", "num_hidden_layers": "six"}""", "'num_hidden_layers' must be an integer, got \"six\"")]
    [InlineData("""{"model_type": "roberta", "position_embedding_type": "relative_key"}""", "'position_embedding_type' is 'relative_key'")]
    [InlineData("""{"hidden_size": 64}""", "'model_type' is missing")]
    [InlineData("""{"model_type": "deberta-v2", "conv_kernel_size": 3, "conv_act": "gelu_10"}""", "'conv_act' is 'gelu_10'")]
    public void An_invalid_config_is_rejected_with_the_key(string config, string reason)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("config.json"), config);
        AssertBadInput(() => PretrainedModel.ReadConfig(temp.Path), "config.json", reason);
    }

    [Fact]
    public void A_deberta_v2_config_resolves_transformers_defaults_and_string_forms()
    {
        using var temp = new TempFolder();
        // deberta-v2-xxlarge style: "p2c|c2p" as a string, relative positions defaulting to max_position_embeddings.
        File.WriteAllText(temp.File("config.json"), """
            {"model_type": "deberta-v2", "hidden_size": 64, "num_attention_heads": 4, "pos_att_type": "p2c|c2p",
             "relative_attention": true, "max_relative_positions": -1, "max_position_embeddings": 512,
             "position_buckets": 256, "norm_rel_ebd": "layer_norm", "conv_kernel_size": 3, "conv_act": "gelu"}
            """);
        var config = Assert.IsType<Ccs.Models.DebertaV2.DebertaV2Config>(PretrainedModel.ReadConfig(temp.Path));
        Assert.Equal(["p2c", "c2p"], config.PosAttType);
        Assert.Equal(512, config.MaxRelativePositions);
        Assert.Equal(256, config.PositionEmbeddingSize);
        Assert.True(config.PositionBiasedInput);   // DebertaV2Config's default
        Assert.False(config.ShareAttKey);           // getattr(config, "share_att_key", False)
        Assert.Equal(24, config.NumHiddenLayers);
        Assert.Equal(1e-7, config.LayerNormEps);
    }

    private static IHiddenStateModel Load(string folder) => PretrainedModel.Load(folder, ModelPlacement.CpuFloat32);

    private static void WriteIndex(TempFolder temp, IEnumerable<(string Name, string Shard)> map) =>
        File.WriteAllText(temp.File(CheckpointFiles.IndexFile), JsonSerializer.Serialize(new
        {
            metadata = new { total_size = 0 },
            weight_map = map.ToDictionary(e => e.Name, e => e.Shard),
        }));

    private static void AssertMatchesReference(string folder, string modelFolder)
    {
        using var model = Load(folder);
        var reference = HiddenStateReference.Load(Path.Combine(modelFolder, "reference", "single.json"));
        var (_, failures) = HiddenStateParityTests.Compare(model, reference);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }
}
