using System.Collections.Immutable;

namespace Ccs.Data;

/// <summary>
/// The stream of rows an extraction reads (spec 3.5, 3.6): the split shuffled as <c>Dataset.shuffle(seed)</c>, then,
/// with <c>--balance</c>, class-balanced as the original's <c>BalancedSampler</c>
/// (<c>ccs/extraction/balanced_sampler.py</c>): one FIFO buffer of at most 1000 rows per pseudo-label (a full
/// buffer drops its oldest row), and whenever every buffer holds a row, one row from each is emitted in
/// pseudo-label order.
/// </summary>
public static class BalancedSampler
{
    public const int BufferSize = 1000;

    /// <summary>The split's rows in <c>numpy.random.default_rng(seed).permutation(n)</c> order.</summary>
    public static IEnumerable<Row> Shuffled(Table split, long seed) =>
        NumpyPermutation.Permutation(seed, split.Count).Select(i => split.Rows[(int)i]);

    /// <summary>The rows extraction reads, shuffled and (if <paramref name="balance"/>) balanced over <paramref name="choices"/>.</summary>
    public static IEnumerable<Row> Stream(Table split, LabelSpace labels, ImmutableArray<object> choices, bool balance, long seed)
    {
        IEnumerable<Row> shuffled = Shuffled(split, seed);
        return balance ? Balance(shuffled, labels, choices) : shuffled;
    }

    /// <summary><c>BalancedSampler.__iter__</c> over rows labelled with one of <paramref name="choices"/>.</summary>
    public static IEnumerable<Row> Balance(IEnumerable<Row> rows, LabelSpace labels, ImmutableArray<object> choices)
    {
        string column = labels.Column.Name;
        var buffers = choices.Select(_ => new Queue<Row>()).ToArray();
        foreach (Row row in rows)
        {
            object? label = row[column];
            int slot = choices.IndexOf(label!, PythonLabelComparer.Instance);
            if (label is null || slot < 0)
                throw new CcsException(ExitCode.BadInput,
                    $"{labels.Spec}: Expected label to be one of [{string.Join(", ", choices.Select(PythonValues.Repr))}], got {PythonValues.Repr(label)} (row_id {PythonValues.Repr(row.GetValueOrDefault(SplitSelection.RowIdColumn))})");
            Queue<Row> buffer = buffers[slot];
            if (buffer.Count == BufferSize) buffer.Dequeue(); // deque(maxlen=1000) drops its oldest item
            buffer.Enqueue(row);
            while (buffers.All(b => b.Count > 0))
                foreach (Queue<Row> b in buffers) yield return b.Dequeue();
        }
    }
}

/// <summary>Label equality as Python's <c>==</c> (1 == 1.0 == True).</summary>
internal sealed class PythonLabelComparer : IEqualityComparer<object>
{
    public static PythonLabelComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => PythonValues.Equals(x, y);

    public int GetHashCode(object obj) => 0; // only used for linear searches
}
