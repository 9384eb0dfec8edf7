using Ccs.Models.Decoding;
using Ccs.Models.T5;
using Xunit.Abstractions;

namespace Ccs.Tests.Models;

/// <summary>
/// Decoders are causal: changing a token never changes the hidden states of earlier positions (every layer),
/// and does change its own position's. Run on the longest reference sequence of each decoder model (40 tokens,
/// beyond Mistral's 16-token sliding window), and on T5's decoder.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class CausalMaskingTests(ITestOutputHelper output)
{
    public static TheoryData<string> DecoderFolders() =>
        new(HiddenStateReference.SupportedFiles().Where(f => HiddenStateReference.Load(f).Cases.All(c => c.Answer is not null && c.DecoderInputIds is null))
            .Select(HiddenStateReference.ModelFolderOf).Distinct());

    [Theory]
    [MemberData(nameof(DecoderFolders))]
    public void A_later_token_never_changes_earlier_hidden_states(string modelFolder)
    {
        var reference = HiddenStateReference.Load(Path.Combine(modelFolder, "reference", "single.json"));
        var model = Assert.IsAssignableFrom<CausalLanguageModel>(ModelRuns.Model(reference.ModelFolder));
        long[] ids = reference.Cases.MaxBy(c => c.InputIds.Length)!.InputIds;
        int changed = ids.Length * 3 / 4;
        long[] altered = [.. ids];
        altered[changed] = ids[changed] == 3 ? 4 : 3;
        long[] mask = [.. ids.Select(_ => 1L)];
        var before = ModelRuns.Run(model, [ids], [mask])[0];
        var after = ModelRuns.Run(model, [altered], [mask])[0];
        double earlier = 0, atChange = 0;
        for (int layer = 0; layer < before.Length; layer++)
        for (int j = 0; j < before[layer].GetLength(1); j++)
        {
            for (int t = 0; t < changed; t++) earlier = Math.Max(earlier, Math.Abs(before[layer][t, j] - after[layer][t, j]));
            atChange = Math.Max(atChange, Math.Abs(before[layer][changed, j] - after[layer][changed, j]));
        }
        output.WriteLine($"{modelFolder}: token {changed} of {ids.Length} changed; earlier positions moved {earlier:0.0e+0}, the changed one {atChange:0.0e+0}");
        Assert.InRange(earlier, 0, 1e-6);
        Assert.True(atChange > 1e-2);
    }

    [Fact]
    public void The_t5_decoder_is_causal_too()
    {
        var model = Assert.IsType<T5Model>(ModelRuns.Model(Path.Combine(HiddenStateReference.ModelsRoot, "tiny-t5")));
        long[] question = [147, 42, 45, 71, 93, 99, 117, 1];
        long[] answer = [15, 108, 20, 33, 1], altered = [15, 108, 21, 33, 1];
        var before = model.ScoreAnswers(question, [answer, altered]);
        for (int layer = 0; layer < before[0].HiddenStates.Length; layer++)
        {
            // Decoder position t reads answer[..t]: positions 0..2 see the same tokens, position 3 does not.
            using var earlier = (before[0].HiddenStates[layer].narrow(0, 0, 3) - before[1].HiddenStates[layer].narrow(0, 0, 3)).abs().max();
            Assert.InRange(earlier.item<float>(), 0, 1e-6);
        }
        using var later = (before[0].HiddenStates[^1][3] - before[1].HiddenStates[^1][3]).abs().max();
        Assert.True(later.item<float>() > 1e-3);
    }
}
