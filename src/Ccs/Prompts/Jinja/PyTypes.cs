namespace Ccs.Prompts.Jinja;

// The Python value model the template engine works on. Row values and template values are plain .NET objects:
// null (None), bool, long (int), double (float), string (str), List<object?> (list) and the types below.

/// <summary>Jinja2's default <c>Undefined</c> (jinja2/runtime.py): prints as "", is falsy, iterates as empty, has
/// length 0, and raises on attribute/item access, arithmetic and ordering.</summary>
public sealed class Undefined
{
    public Undefined(string hint) { Hint = hint; }

    /// <summary>The message Jinja would raise when the value is used in a way that needs a real value.</summary>
    public string Hint { get; }

    public static Undefined Named(string name) => new($"'{name}' is undefined");

    public static Undefined Missing(object? owner, object? key) =>
        new($"{PyRepr.TypeName(owner)} object has no attribute or item {PyRepr.Repr(key)}");

    public JinjaRuntimeException Fail() => new(Hint);
}

/// <summary>A Python tuple.</summary>
public sealed class PyTuple(IReadOnlyList<object?> items)
{
    public IReadOnlyList<object?> Items { get; } = items;
}

/// <summary>A Python dict: insertion-ordered, keys compared with Python equality (1 == 1.0 == True).</summary>
public sealed class PyDict
{
    private readonly List<object?> _keys = [];
    private readonly Dictionary<object, object?> _values = new(PyKeyComparer.Instance);
    private static readonly object NoneKey = new();

    public int Count => _keys.Count;
    public IReadOnlyList<object?> Keys => _keys;

    public bool TryGet(object? key, out object? value) => _values.TryGetValue(Wrap(key), out value);

    public bool ContainsKey(object? key) => _values.ContainsKey(Wrap(key));

    public void Set(object? key, object? value)
    {
        if (_values.TryAdd(Wrap(key), value)) _keys.Add(key);
        else _values[Wrap(key)] = value;
    }

    public bool Remove(object? key, out object? value)
    {
        if (!_values.Remove(Wrap(key), out value)) return false;
        int at = _keys.FindIndex(k => PyOps.Equal(k, key));
        _keys.RemoveAt(at);
        return true;
    }

    public object? this[object? key] => _values[Wrap(key)];

    private static object Wrap(object? key)
    {
        PyOps.RequireHashable(key);
        return key ?? NoneKey;
    }

    private sealed class PyKeyComparer : IEqualityComparer<object>
    {
        public static readonly PyKeyComparer Instance = new();
        public new bool Equals(object? x, object? y) =>
            PyOps.Equal(ReferenceEquals(x, NoneKey) ? null : x, ReferenceEquals(y, NoneKey) ? null : y);
        public int GetHashCode(object obj) => PyOps.Hash(ReferenceEquals(obj, NoneKey) ? null : obj);
    }
}

/// <summary>Jinja's <c>namespace(...)</c> object: attributes assignable with <c>{% set ns.attr = ... %}</c>.</summary>
public sealed class PyNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}

/// <summary>A Python <c>range</c> object.</summary>
public sealed record PyRange(long Start, long Stop, long Step)
{
    public long Length => Step > 0
        ? Math.Max(0, (Stop - Start + Step - 1) / Step)
        : Math.Max(0, (Start - Stop - Step - 1) / -Step);

    public long At(long i) => Start + i * Step;
}

/// <summary>A one-shot Python iterator (what Jinja's <c>map</c>, <c>select</c>, <c>unique</c>, <c>zip</c> and
/// dict views return): always truthy, has no length, and is empty once consumed.</summary>
public sealed class PyGenerator(string kind, IEnumerable<object?> items)
{
    private IEnumerable<object?>? _items = items;

    public string Kind { get; } = kind;

    public IEnumerable<object?> Consume()
    {
        var items = _items ?? [];
        _items = null;
        return items;
    }
}

/// <summary>A callable: a global function (<c>range</c>, <c>zip</c>, <c>namespace</c>) or a bound method.</summary>
public sealed class PyFunction(string name, Func<IReadOnlyList<object?>, IReadOnlyDictionary<string, object?>, object?> invoke)
{
    public string Name { get; } = name;

    public object? Invoke(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs) => invoke(args, kwargs);
}

/// <summary>A Jinja runtime failure (Python TypeError/ValueError/IndexError or Jinja UndefinedError).</summary>
public sealed class JinjaRuntimeException(string message) : Exception(message);

/// <summary>A template that Jinja2 would refuse to compile, or one that uses a construct this engine lacks.</summary>
public sealed class TemplateSyntaxException(string message, int line) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}
