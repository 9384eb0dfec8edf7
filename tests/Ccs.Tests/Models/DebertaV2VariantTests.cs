using Ccs.Models;
using Ccs.Tests.Checkpoints;
using static Ccs.Tests.Checkpoints.SafetensorsWriter;

namespace Ccs.Tests.Models;

/// <summary>
/// The DeBERTa-v2 options the shared tiny model does not use (deberta-v2-xxlarge's conv layer, absolute
/// positions, token types, separate position projections, a factorised embedding): a random-weight checkpoint
/// written here under the key names of transformers' <c>DebertaV2Model</c> must load strictly and keep real
/// tokens independent of padding.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class DebertaV2VariantTests
{
    private const int Hidden = 32, Embedding = 16, Intermediate = 64, Vocab = 50, Positions = 64, Buckets = 8;

    private const string Config = """
        {"model_type": "deberta-v2", "architectures": ["DebertaV2ForSequenceClassification"],
         "hidden_size": 32, "num_attention_heads": 4, "num_hidden_layers": 2, "intermediate_size": 64,
         "vocab_size": 50, "max_position_embeddings": 64, "type_vocab_size": 2, "embedding_size": 16,
         "position_biased_input": true, "relative_attention": true, "position_buckets": 8,
         "max_relative_positions": 32, "pos_att_type": "c2p|p2c", "share_att_key": false,
         "norm_rel_ebd": "layer_norm", "conv_kernel_size": 3, "conv_act": "gelu", "hidden_act": "gelu",
         "layer_norm_eps": 1e-7, "pad_token_id": 0}
        """;

    /// <summary>The state-dict keys and shapes of <c>DebertaV2Model(config)</c> for <see cref="Config"/>.</summary>
    private static IEnumerable<(string Name, long[] Shape)> HuggingFaceKeys()
    {
        yield return ("embeddings.word_embeddings.weight", [Vocab, Embedding]);
        yield return ("embeddings.position_embeddings.weight", [Positions, Embedding]);
        yield return ("embeddings.token_type_embeddings.weight", [2, Embedding]);
        yield return ("embeddings.embed_proj.weight", [Hidden, Embedding]);
        yield return ("embeddings.LayerNorm.weight", [Hidden]);
        yield return ("embeddings.LayerNorm.bias", [Hidden]);
        yield return ("encoder.rel_embeddings.weight", [2 * Buckets, Hidden]);
        yield return ("encoder.LayerNorm.weight", [Hidden]);
        yield return ("encoder.LayerNorm.bias", [Hidden]);
        yield return ("encoder.conv.conv.weight", [Hidden, Hidden, 3]);
        yield return ("encoder.conv.conv.bias", [Hidden]);
        yield return ("encoder.conv.LayerNorm.weight", [Hidden]);
        yield return ("encoder.conv.LayerNorm.bias", [Hidden]);
        for (int layer = 0; layer < 2; layer++)
        {
            string p = $"encoder.layer.{layer}.";
            foreach (string projection in new[] { "query_proj", "key_proj", "value_proj", "pos_key_proj", "pos_query_proj" })
            {
                yield return ($"{p}attention.self.{projection}.weight", [Hidden, Hidden]);
                yield return ($"{p}attention.self.{projection}.bias", [Hidden]);
            }
            yield return ($"{p}attention.output.dense.weight", [Hidden, Hidden]);
            yield return ($"{p}attention.output.dense.bias", [Hidden]);
            yield return ($"{p}attention.output.LayerNorm.weight", [Hidden]);
            yield return ($"{p}attention.output.LayerNorm.bias", [Hidden]);
            yield return ($"{p}intermediate.dense.weight", [Intermediate, Hidden]);
            yield return ($"{p}intermediate.dense.bias", [Intermediate]);
            yield return ($"{p}output.dense.weight", [Hidden, Intermediate]);
            yield return ($"{p}output.dense.bias", [Hidden]);
            yield return ($"{p}output.LayerNorm.weight", [Hidden]);
            yield return ($"{p}output.LayerNorm.bias", [Hidden]);
        }
    }

    [Fact]
    public void A_checkpoint_with_every_option_loads_strictly_and_ignores_padding()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("config.json"), Config);
        var random = new Random(20251127);
        Write(temp.File("model.safetensors"), HuggingFaceKeys().Select(key =>
        {
            long count = key.Shape.Aggregate(1L, (n, d) => n * d);
            // Norm gains near 1, everything else small and nonzero, so every weight matters.
            float center = key.Name.EndsWith("LayerNorm.weight", StringComparison.Ordinal) ? 1f : 0f;
            return new Entry(key.Name, "F32", key.Shape, F32(Enumerable.Range(0, (int)count).Select(_ => center + (float)(random.NextDouble() - 0.5) * 0.4f).ToArray()));
        }));
        using var model = PretrainedModel.Load(temp.Path, ModelPlacement.CpuFloat32);
        Assert.Equal(3, model.Config.NumHiddenStates);

        // Longer than the 2·4 exact buckets, so log buckets are used; right padding keeps absolute positions.
        long[] ids = [1, 7, 22, 5, 9, 13, 41, 3, 8, 30, 2, 17, 6, 44, 11];
        long[] padded = [.. ids, 0, 0, 0, 0, 0];
        long[] paddedMask = [.. ids.Select(_ => 1L), 0, 0, 0, 0, 0];
        long[] otherPads = [.. ids, 4, 49, 4, 49, 4];   // pad ids must not matter either
        var batch = ModelRuns.Run(model, [padded, otherPads, [.. ids[..6], .. new long[14]]], [paddedMask, paddedMask, [.. Enumerable.Repeat(1L, 6), .. new long[14]]]);
        var alone = ModelRuns.Run(model, [ids], [ids.Select(_ => 1L).ToArray()])[0];
        var shortAlone = ModelRuns.Run(model, [ids[..6]], [Enumerable.Repeat(1L, 6).ToArray()])[0];

        for (int layer = 0; layer < 3; layer++)
        {
            Assert.Equal(new long[] { padded.Length, Hidden }, new long[] { batch[0][layer].GetLength(0), batch[0][layer].GetLength(1) });
            for (int t = 0; t < ids.Length; t++)
            for (int j = 0; j < Hidden; j++)
            {
                Assert.True(double.IsFinite(alone[layer][t, j]));
                Assert.Equal(alone[layer][t, j], batch[0][layer][t, j], 1e-5);
                Assert.Equal(alone[layer][t, j], batch[1][layer][t, j], 1e-5);
                if (t < 6) Assert.Equal(shortAlone[layer][t, j], batch[2][layer][t, j], 1e-5);
            }
        }
        // The layers really transform: the conv-augmented first layer differs from the embedding output.
        Assert.NotEqual(alone[0][3, 5], alone[1][3, 5]);
    }
}
