using Ccs.Metrics;
using Ccs.Reporters;
using static TorchSharp.torch;

namespace Ccs.Runs;

/// <summary>A fixed unit direction, Platt-scaled on the training labels like every reporter (spec 5.3).</summary>
public sealed record DirectionReporter(string Name, Tensor Direction, float Scale, float PlattBias) : IFittedReporter
{
    public Tensor Score(Tensor hiddens)
    {
        using var scope = NewDisposeScope();
        return hiddens.matmul(Direction).mul(Scale).add(PlattBias).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Reference points for judging a reporter on the same layer (not in the original): a random direction, the
/// difference of the class means of the true and false statements (supervised), and the top principal component of
/// the contrast-pair differences (CRC-TPC, unsupervised). Each is a unit direction on the raw hidden states, fitted on
/// the pooled training sets and Platt-scaled on them, which fixes its sign as it does for the reporters.
/// </summary>
public static class SanityBaselines
{
    public const string Random = "random", DiffInMeans = "diff_in_means", Tpc = "tpc";

    /// <summary>
    /// The three baselines of one layer from training sets <c>(n, v, 2, d)</c> with labels <c>(n)</c>. The random
    /// direction is drawn from a CPU generator seeded <paramref name="seed"/> (the run uses <c>net.seed + layer</c>).
    /// </summary>
    public static IReadOnlyList<DirectionReporter> Fit(IReadOnlyList<(Tensor Hiddens, Tensor Labels)> train, ulong seed)
    {
        using var scope = NewDisposeScope();
        long d = train[0].Hiddens.shape[^1];
        var rows = cat([.. train.Select(t => t.Hiddens.reshape(-1, d))]);
        var targets = cat([.. train.Select(t => OneHot(t.Labels, t.Hiddens.shape[1], t.Hiddens.shape[2]))]);

        var random = tensor(new TorchCpuRandom(seed).Normal((int)d));
        var diffInMeans = rows[targets.to_type(ScalarType.Bool)].mean([0]) - rows[targets.eq(0)].mean([0]);
        var pairDiffs = cat([.. train.Select(t => (t.Hiddens.select(2, 1) - t.Hiddens.select(2, 0)).reshape(-1, d))]);
        var centred = pairDiffs - pairDiffs.mean([0], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);

        var result = new List<DirectionReporter>();
        foreach (var (name, direction) in new[] { (Random, random), (DiffInMeans, diffInMeans), (Tpc, vh[0]) })
        {
            var unit = (direction / direction.norm()).contiguous();
            using var raw = rows.matmul(unit);
            var (scale, bias) = PlattScaling.Fit(raw, targets);
            result.Add(new DirectionReporter(name, unit.DetachFromDisposeScope(), scale, bias));
        }
        return result;
    }

    /// <summary>Per (example, variant, choice) row: 1 where the choice is the label.</summary>
    private static Tensor OneHot(Tensor labels, long variants, long choices) =>
        nn.functional.one_hot(labels.to_type(ScalarType.Int64).repeat_interleave(variants), choices).flatten().to_type(ScalarType.Float32);
}
