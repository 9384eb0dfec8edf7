using Ccs.Models.Layers;
using static TorchSharp.torch;

namespace Ccs.Tests.Models;

/// <summary>
/// The rotary cos/sin tables for each supported <c>rope_scaling</c> type against the formulas of transformers'
/// modeling_rope_utils.py evaluated in double precision (tiny-llama's reference covers llama3 end to end; no
/// reference model uses linear or dynamic scaling).
/// </summary>
public class RotaryEmbeddingTests
{
    private const int Dims = 16;
    private const double Theta = 10000;

    [Theory]
    [InlineData("default", 40)]
    [InlineData("linear", 40)]
    [InlineData("dynamic", 40)]     // within max_position_embeddings: the default frequencies
    [InlineData("dynamic", 200)]    // beyond: a larger base for this length
    [InlineData("llama3", 40)]
    public void Tables_follow_the_transformers_formulas(string type, int length)
    {
        var settings = new RopeSettings(Theta, Dims, type, Factor: 4, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositions: 64, MaxPositionEmbeddings: 128);
        var expected = ExpectedInverseFrequencies(settings, length);
        using var rotary = new RotaryEmbedding(settings, CPU);
        using var scope = NewDisposeScope();
        var (cos, sin) = rotary.ForPositions(arange(length, ScalarType.Int64).unsqueeze(0), ScalarType.Float32);
        Assert.Equal(new long[] { 1, length, Dims }, cos.shape);
        var cosValues = cos.data<float>().ToArray();
        var sinValues = sin.data<float>().ToArray();
        for (int p = 0; p < length; p++)
        for (int i = 0; i < Dims; i++)
        {
            double angle = p * expected[i % (Dims / 2)];   // cat(freqs, freqs)
            // float32 angles: the error grows with the position.
            double tolerance = 2e-6 * Math.Max(1, angle);
            Assert.Equal(Math.Cos(angle), cosValues[p * Dims + i], tolerance);
            Assert.Equal(Math.Sin(angle), sinValues[p * Dims + i], tolerance);
        }
        Assert.Equal(type == "dynamic" && length > 128, rotary.DependsOnLength(length));
    }

    private static double[] ExpectedInverseFrequencies(RopeSettings s, int length)
    {
        double theta = s.Theta;
        // _compute_dynamic_ntk_parameters, with seq_len = max position + 1.
        if (s.Type == "dynamic" && length > s.MaxPositionEmbeddings)
            theta *= Math.Pow(s.Factor * length / s.MaxPositionEmbeddings - (s.Factor - 1), (double)Dims / (Dims - 2));
        return Enumerable.Range(0, Dims / 2).Select(i =>
        {
            double invFreq = 1 / Math.Pow(theta, 2.0 * i / Dims);
            if (s.Type == "linear") return invFreq / s.Factor;
            if (s.Type != "llama3") return invFreq;
            // _compute_llama3_parameters: keep high frequencies, divide low ones, interpolate between.
            double wavelen = 2 * Math.PI / invFreq;
            if (wavelen < s.OriginalMaxPositions / s.HighFreqFactor) return invFreq;
            if (wavelen > s.OriginalMaxPositions / s.LowFreqFactor) return invFreq / s.Factor;
            double smooth = (s.OriginalMaxPositions / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
            return (1 - smooth) * invFreq / s.Factor + smooth * invFreq;
        }).ToArray();
    }
}
