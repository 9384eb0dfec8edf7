using System.Collections;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Ccs.Data;

/// <summary>
/// One split of a dataset in memory: column names in file order, rows of typed values, and the Hugging Face
/// feature types where the files carry them. Values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <c>byte[]</c>, <c>null</c>, lists (<see cref="IReadOnlyList{T}"/> of
/// values) and nested records (<see cref="IReadOnlyDictionary{TKey,TValue}"/> with keys in file order), i.e. what
/// Python sees after <c>datasets</c> converts an Arrow row, so templates can use them as Jinja does.
/// </summary>
public sealed class Table
{
    public Table(ImmutableArray<string> columns, IEnumerable<IReadOnlyList<object?>> rows, DatasetFeatures features)
    {
        Columns = columns;
        Features = features;
        Layout = new RowLayout(columns);
        Rows = [.. rows.Select((values, i) => values.Count == columns.Length
            ? new Row(Layout, [.. values])
            : throw new ArgumentException($"row {i} has {values.Count} values for {columns.Length} columns"))];
    }

    private Table(ImmutableArray<string> columns, RowLayout layout, ImmutableArray<Row> rows, DatasetFeatures features)
    {
        Columns = columns;
        Layout = layout;
        Rows = rows;
        Features = features;
    }

    public ImmutableArray<string> Columns { get; }
    public ImmutableArray<Row> Rows { get; }
    /// <summary>Feature types by column, where known (parquet metadata or a dataset_info file).</summary>
    public DatasetFeatures Features { get; }
    internal RowLayout Layout { get; }

    public int Count => Rows.Length;

    public bool HasColumn(string name) => Layout.IndexOf(name) >= 0;

    /// <summary>The values of one column, top to bottom.</summary>
    public IEnumerable<object?> Column(string name)
    {
        int index = Layout.IndexOf(name);
        if (index < 0) throw new KeyNotFoundException($"no column '{name}'");
        return Rows.Select(r => r.Values[index]);
    }

    /// <summary>A table with one more column at the end (<c>Dataset.add_column</c>).</summary>
    public Table AddColumn(string name, IReadOnlyList<object?> values)
    {
        if (HasColumn(name)) throw new ArgumentException($"column '{name}' already exists");
        if (values.Count != Count) throw new ArgumentException($"column '{name}' has {values.Count} values for {Count} rows");
        ImmutableArray<string> columns = Columns.Add(name);
        var layout = new RowLayout(columns);
        return new Table(columns, layout, [.. Rows.Select((r, i) => new Row(layout, r.Values.Add(values[i])))], Features);
    }

    /// <summary>The same rows with feature types declared elsewhere (a <c>dataset_info.json</c>).</summary>
    public Table WithFeatures(DatasetFeatures features) => new(Columns, Layout, Rows, features);

    /// <summary>The rows at the given positions, in that order (<c>Dataset.select</c>).</summary>
    public Table Select(IEnumerable<long> indices) =>
        new(Columns, Layout, [.. indices.Select(i => Rows[checked((int)i)])], Features);

    /// <summary>The rows of several files of one split, in order; all must have the same columns.</summary>
    public static Table Concatenate(IReadOnlyList<Table> parts, Func<int, string> describePart)
    {
        if (parts.Count == 1) return parts[0];
        Table first = parts[0];
        for (int p = 1; p < parts.Count; p++)
        {
            if (!parts[p].Columns.SequenceEqual(first.Columns))
                throw new InvalidDataException(
                    $"{describePart(p)} has columns [{string.Join(", ", parts[p].Columns)}], expected [{string.Join(", ", first.Columns)}]");
        }
        DatasetFeatures features = parts.Select(t => t.Features).FirstOrDefault(f => !f.IsEmpty) ?? DatasetFeatures.None;
        return new Table(first.Columns, first.Layout, [.. parts.SelectMany(t => t.Rows)], features);
    }
}

/// <summary>Column name → position, shared by all rows of a table.</summary>
internal sealed class RowLayout(ImmutableArray<string> columns)
{
    private readonly FrozenDictionary<string, int> _index =
        columns.Select((c, i) => KeyValuePair.Create(c, i)).ToFrozenDictionary(StringComparer.Ordinal);

    public ImmutableArray<string> Columns { get; } = columns;

    public int IndexOf(string column) => _index.TryGetValue(column, out int i) ? i : -1;
}

/// <summary>One example: an immutable, ordered mapping from column name to value (what a template sees).</summary>
public sealed class Row : IReadOnlyDictionary<string, object?>
{
    private readonly RowLayout _layout;

    internal Row(RowLayout layout, ImmutableArray<object?> values)
    {
        _layout = layout;
        Values = values;
    }

    /// <summary>The values in column order.</summary>
    public ImmutableArray<object?> Values { get; }

    public object? this[string key] =>
        _layout.IndexOf(key) is var i and >= 0 ? Values[i] : throw new KeyNotFoundException($"no column '{key}'");

    /// <summary>A copy with one column's value replaced (the original's <c>fake_example[label_column] = …</c>).</summary>
    public Row With(string column, object? value)
    {
        int i = _layout.IndexOf(column);
        if (i < 0) throw new KeyNotFoundException($"no column '{column}'");
        return new Row(_layout, Values.SetItem(i, value));
    }

    public IEnumerable<string> Keys => _layout.Columns;
    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values;
    public int Count => Values.Length;
    public bool ContainsKey(string key) => _layout.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        int i = _layout.IndexOf(key);
        value = i >= 0 ? Values[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        _layout.Columns.Select((c, i) => KeyValuePair.Create(c, Values[i])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
