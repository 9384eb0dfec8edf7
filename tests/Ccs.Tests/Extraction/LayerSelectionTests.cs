using Ccs.Extraction;

namespace Ccs.Tests.Extraction;

/// <summary>Spec 4.2's worked examples (GPT-2 small, L = 12; Pythia-70m, L = 6).</summary>
public class LayerSelectionTests
{
    [Theory]
    [InlineData(12, new int[0], 1, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    [InlineData(12, new int[0], 4, new[] { 0, 1, 5, 9 })]
    [InlineData(12, new int[0], 2, new[] { 0, 1, 3, 5, 7, 9, 11 })]
    [InlineData(12, new[] { 3, 6, 9 }, 1, new[] { 3, 6, 9 })]
    [InlineData(12, new[] { 9, 3, 9, 12 }, 0, new[] { 3, 9, 12 })]
    [InlineData(6, new int[0], 3, new[] { 0, 1, 4 })]
    [InlineData(6, new int[0], -5, new[] { 0, 1, 2, 3, 4, 5, 6 })]
    public void Layers_follow_the_original(int depth, int[] layers, int stride, int[] expected) =>
        Assert.Equal(expected, LayerSelection.Resolve(layers, stride, depth, "m"));

    [Fact]
    public void An_index_beyond_the_last_layer_is_bad_input_naming_the_model()
    {
        var e = Assert.Throws<CcsException>(() => LayerSelection.Resolve([2, 7], 1, 6, "all-MiniLM-L6-v2"));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal("--layers 7: all-MiniLM-L6-v2 has 6 layers, so layer indices go from 0 (embeddings) to 6", e.Message);
    }

    [Fact]
    public void Layers_and_stride_together_are_a_usage_error() =>
        Assert.Equal(ExitCode.Usage, Assert.Throws<UsageException>(() => LayerSelection.Resolve([3, 6], 2, 12, "m")).ExitCode);
}
