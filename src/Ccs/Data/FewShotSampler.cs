namespace Ccs.Data;

/// <summary>
/// Class-balanced batches of few-shot demonstrations (spec 3.8), as the original's <c>FewShotSampler</c>
/// (<c>ccs/extraction/balanced_sampler.py</c>): the shuffled train split is cycled endlessly; each row goes to a
/// negative (label 0) or positive (label 1) list; after each row the batch's class counts are drawn by
/// <c>stochastic_round_constrained([n/2, n/2], rng)</c> (<c>ccs/utils/math_util.py</c>), and while both lists are long
/// enough a batch is popped from their ends (negatives first), shuffled with <c>rng.shuffle</c> and emitted. The
/// generator is lazy, so its draws interleave with the caller's on the shared <paramref name="rng"/> exactly as in
/// Python.
/// </summary>
public sealed class FewShotSampler(DatasetSpec spec, IReadOnlyList<Row> shuffledTrain, string labelColumn, int numShots, PythonRandom rng)
{
    public IEnumerable<IReadOnlyList<Row>> Batches()
    {
        if (shuffledTrain.Count == 0)
            throw new CcsException(ExitCode.BadInput, $"{spec}: the training split is empty; few-shot demonstrations need rows");
        CheckBothClassesPresent();
        var negatives = new List<Row>();
        var positives = new List<Row>();
        while (true)
        {
            foreach (Row row in shuffledTrain)
            {
                object? label = row[labelColumn];
                if (PythonValues.Equals(label, 0L)) negatives.Add(row);
                else if (PythonValues.Equals(label, 1L)) positives.Add(row);
                else throw new CcsException(ExitCode.BadInput, $"{spec}: Expected label to be 0 or 1, got {PythonValues.Repr(label)} (few-shot demonstrations need a binary dataset)");

                (int negCount, int posCount) = StochasticRoundHalves(numShots, rng);
                while (negatives.Count >= negCount && positives.Count >= posCount)
                {
                    var batch = new List<Row>(negCount + posCount);
                    for (int i = 0; i < negCount; i++) batch.Add(Pop(negatives));
                    for (int i = 0; i < posCount; i++) batch.Add(Pop(positives));
                    rng.Shuffle(batch);
                    yield return batch;
                }
            }
        }
    }

    /// <summary>
    /// <c>stochastic_round_constrained([n/2, n/2], rng)</c>: floors, and for odd n the missing one goes to the class
    /// drawn by <c>rng.choices(range(2), weights=[0.5, 0.5])</c> (one <c>random()</c>); even n draws nothing.
    /// </summary>
    public static (int Negatives, int Positives) StochasticRoundHalves(int numShots, PythonRandom rng)
    {
        int half = numShots / 2;
        if (numShots % 2 == 0) return (half, half);
        int index = rng.Choices([0, 1], [0.5, 0.5])[0];
        return index == 0 ? (half + 1, half) : (half, half + 1);
    }

    private void CheckBothClassesPresent()
    {
        // With two or more shots both classes are needed in every batch; the original would loop forever without one.
        if (numShots < 2) return;
        bool hasNegative = shuffledTrain.Any(r => PythonValues.Equals(r[labelColumn], 0L));
        bool hasPositive = shuffledTrain.Any(r => PythonValues.Equals(r[labelColumn], 1L));
        if (!hasNegative || !hasPositive)
            throw new CcsException(ExitCode.BadInput,
                $"{spec}: few-shot demonstrations need rows of both label 0 and label 1 in the training split");
    }

    private static Row Pop(List<Row> list)
    {
        Row last = list[^1];
        list.RemoveAt(list.Count - 1);
        return last;
    }
}
