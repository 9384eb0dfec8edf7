using Ccs.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ccs.Tests.Models;

/// <summary>
/// bfloat16 and float16 runs of every supported reference model stay close to the float32 run (itself checked
/// against transformers by <see cref="HiddenStateParityTests"/>), on the short unpadded inputs of the model's
/// reference files. Stated tolerances, per layer: the largest error at most <c>MaxRelativeError</c> times the
/// largest |value| of the float32 layer, and every token's vector at cosine similarity at least <c>MinCosine</c>.
/// bfloat16 keeps 8 mantissa bits, float16 11. The random tiny decoders and T5 carry larger activations
/// through pre-norm residual streams (values in the tens) than the post-norm encoders, and T5's unscaled
/// attention amplifies rounding further, so they have looser bounds of their own.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class ReducedPrecisionTests(ITestOutputHelper output)
{
    // float16 matmuls are slow on CPU: a few short inputs keep the test quick.
    private const int MaxTokens = 24;
    private const int MaxSequences = 4;

    private static readonly Dictionary<string, (double MaxRelativeError, double MinCosine)> Tolerances = new()
    {
        ["bfloat16"] = (0.05, 0.999),
        ["float16"] = (0.01, 0.9999),
    };

    /// <summary>Per model type and dtype, where the defaults above do not fit (measured worst: see the test output).</summary>
    private static readonly Dictionary<(string ModelType, string DType), (double MaxRelativeError, double MinCosine)> ModelTolerances = new()
    {
        [("gpt2", "bfloat16")] = (0.08, 0.998),
        [("gpt_neox", "bfloat16")] = (0.08, 0.998),
        [("llama", "bfloat16")] = (0.08, 0.998),
        [("mistral", "bfloat16")] = (0.08, 0.998),
        [("qwen2", "bfloat16")] = (0.08, 0.998),
        [("t5", "bfloat16")] = (0.08, 0.995),
        [("t5", "float16")] = (0.02, 0.9995),
    };

    public static TheoryData<string, string> ModelsAndDTypes()
    {
        var data = new TheoryData<string, string>();
        var folders = HiddenStateReference.SupportedFiles().Select(HiddenStateReference.ModelFolderOf).Distinct();
        foreach (string folder in folders)
        {
            data.Add(folder, "bfloat16");
            data.Add(folder, "float16");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndDTypes))]
    public void Reduced_precision_stays_close_to_float32(string modelFolder, string dtypeName)
    {
        var dtype = ModelPlacement.ParseDType(dtypeName);
        string folder = Path.Combine(HiddenStateReference.ModelsRoot, modelFolder);
        var cases = HiddenStateReference.AllFiles().Where(f => HiddenStateReference.ModelFolderOf(f) == modelFolder)
            .SelectMany(f => HiddenStateReference.Load(f).Cases.Where(c => c.PaddingSide == "none" && c.InputIds.Length <= MaxTokens))
            .Take(MaxSequences).ToList();
        Assert.NotEmpty(cases);
        var full = ModelRuns.Model(folder);
        var reduced = ModelRuns.Model(folder, dtype);
        Assert.Equal(dtype, reduced.Placement.DType);

        double worstRelative = 0, worstCosine = 1;
        foreach (var c in cases)
        {
            var expected = ModelRuns.Run(full, [c.InputIds], [c.AttentionMask])[0];
            var actual = ModelRuns.Run(reduced, [c.InputIds], [c.AttentionMask])[0];
            for (int layer = 0; layer < expected.Length; layer++)
            {
                double scale = 0, error = 0;
                for (int t = 0; t < expected[layer].GetLength(0); t++)
                {
                    var e = ModelRuns.Row(expected[layer], t);
                    var a = ModelRuns.Row(actual[layer], t);
                    scale = Math.Max(scale, e.Max(Math.Abs));
                    error = Math.Max(error, e.Zip(a, (x, y) => Math.Abs(x - y)).Max());
                    worstCosine = Math.Min(worstCosine, Cosine(e, a));
                }
                worstRelative = Math.Max(worstRelative, error / scale);
            }
        }
        output.WriteLine($"{modelFolder} {dtypeName}: {cases.Count} sequences, worst max-abs error / max-abs value per layer {worstRelative:0.000}, worst per-token cosine {worstCosine:0.00000}");
        string modelType = PretrainedModel.ReadConfig(folder).ModelType;
        var (maxRelativeError, minCosine) = ModelTolerances.GetValueOrDefault((modelType, dtypeName), Tolerances[dtypeName]);
        Assert.InRange(worstRelative, 0, maxRelativeError);
        Assert.InRange(worstCosine, minCosine, 1 + 1e-12);
    }

    private static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
