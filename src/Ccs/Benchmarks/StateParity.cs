using Ccs.Caching;

namespace Ccs.Benchmarks;

/// <summary>
/// How far one configuration's extracted hidden states are from the reference configuration's (the original's
/// method: batch size 1, float32), with the rule of the bf16 model tests (tests/Ccs.Tests/Models/
/// ReducedPrecisionTests.cs): per layer, the largest absolute error at most <see cref="MaxRelativeError"/> times
/// the largest |value| of the reference layer, and every vector at cosine similarity ≥ <see cref="MinCosine"/>.
/// Decoders (pre-norm residual streams with larger activations) get the looser bound those tests give them.
/// </summary>
public sealed record StateParity(double WorstRelativeError, double WorstCosine, double MaxRelativeError, double MinCosine)
{
    public bool Passes => WorstRelativeError <= MaxRelativeError && WorstCosine >= MinCosine;

    public static StateParity Compare(IReadOnlyList<ExtractedExample> reference, IReadOnlyList<ExtractedExample> actual, int hiddenSize, bool decoder)
    {
        if (reference.Count != actual.Count || reference.Zip(actual).Any(p => p.First.RowId != p.Second.RowId))
            throw new InvalidOperationException("the configurations extracted different examples");
        double worstRelative = 0, worstCosine = 1;
        foreach (int layer in reference[0].Hidden.Keys)
        {
            double scale = 0, error = 0;
            foreach (var (e, a) in reference.Zip(actual))
            {
                float[] expected = e.Hidden[layer], got = a.Hidden[layer];
                for (int start = 0; start < expected.Length; start += hiddenSize)
                {
                    double dot = 0, ne = 0, ng = 0;
                    for (int i = start; i < start + hiddenSize; i++)
                    {
                        scale = Math.Max(scale, Math.Abs(expected[i]));
                        error = Math.Max(error, Math.Abs(expected[i] - got[i]));
                        dot += (double)expected[i] * got[i];
                        ne += (double)expected[i] * expected[i];
                        ng += (double)got[i] * got[i];
                    }
                    worstCosine = Math.Min(worstCosine, ne == 0 && ng == 0 ? 1 : dot / Math.Sqrt(ne * ng));
                }
            }
            worstRelative = Math.Max(worstRelative, scale == 0 ? error : error / scale);
        }
        return decoder
            ? new StateParity(worstRelative, worstCosine, 0.08, 0.998)
            : new StateParity(worstRelative, worstCosine, 0.05, 0.999);
    }
}
