namespace Ccs.Prompts.Jinja;

/// <summary>A Python slice (<c>x[a:b:c]</c>).</summary>
public sealed record PySlice(long? Start, long? Stop, long? Step)
{
    /// <summary>The positions a slice selects in a sequence of <paramref name="length"/> (CPython's
    /// <c>PySlice_AdjustIndices</c>).</summary>
    public IEnumerable<int> Positions(int length)
    {
        long step = Step ?? 1;
        if (step == 0) throw new JinjaRuntimeException("ValueError: slice step cannot be zero");
        long lower = step < 0 ? -1 : 0, upper = step < 0 ? length - 1 : length;
        long start = Clamp(Start, step < 0 ? upper : lower);
        long stop = Clamp(Stop, step < 0 ? lower : upper);
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) yield return (int)i;

        long Clamp(long? v, long dflt)
        {
            if (v is not long x) return dflt;
            if (x < 0) { x += length; return x < lower ? lower : x; }
            return x > upper ? upper : x;
        }
    }
}

/// <summary>Python operator semantics for the template engine: truth, equality, ordering, arithmetic, membership,
/// iteration and length.</summary>
public static class PyOps
{
    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        PyTuple t => t.Items.Count > 0,
        PyDict d => d.Count > 0,
        PyRange r => r.Length > 0,
        Undefined => false,
        _ => true,
    };

    public static bool IsNumber(object? v) => v is bool or long or double;

    private static bool IsInteger(object? v) => v is bool or long;

    public static long AsLong(object? v) => v switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        _ => throw new JinjaRuntimeException($"TypeError: '{PyRepr.TypeName(v)}' object cannot be interpreted as an integer"),
    };

    public static double AsDouble(object? v) => v switch
    {
        double d => d,
        _ => AsLong(v),
    };

    public static bool Equal(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
            return IsInteger(a) && IsInteger(b) ? AsLong(a) == AsLong(b) : AsDouble(a) == AsDouble(b);
        return (a, b) switch
        {
            (null, null) => true,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (List<object?> x, List<object?> y) => SequenceEqual(x, y),
            (PyTuple x, PyTuple y) => SequenceEqual(x.Items, y.Items),
            (PyDict x, PyDict y) => x.Count == y.Count && x.Keys.All(k => y.TryGet(k, out var v) && Equal(x[k], v)),
            (PyRange x, PyRange y) => SequenceEqual(Iterate(x).ToList(), Iterate(y).ToList()),
            (Undefined, Undefined) => true,
            _ => ReferenceEquals(a, b),
        };
    }

    private static bool SequenceEqual(IReadOnlyList<object?> x, IReadOnlyList<object?> y) =>
        x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second));

    public static void RequireHashable(object? key)
    {
        if (key is List<object?> or PyDict or PyNamespace || (key is PyTuple t && t.Items.Any(i => i is List<object?> or PyDict)))
            throw new JinjaRuntimeException($"TypeError: unhashable type: '{PyRepr.TypeName(key)}'");
    }

    public static int Hash(object? v) => v switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        long l => l.GetHashCode(),
        double d => d == Math.Floor(d) && Math.Abs(d) < 9e18 ? ((long)d).GetHashCode() : d.GetHashCode(),
        string s => StringComparer.Ordinal.GetHashCode(s),
        PyTuple t => t.Items.Aggregate(17, (h, i) => h * 31 + Hash(i)),
        _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v),
    };

    /// <summary>Python ordering (<c>a &lt; b</c> is <c>Compare(a, b) &lt; 0</c>); mixed types raise TypeError.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        if (a is Undefined u) throw u.Fail();
        if (b is Undefined v) throw v.Fail();
        if (IsNumber(a) && IsNumber(b))
            return IsInteger(a) && IsInteger(b) ? AsLong(a).CompareTo(AsLong(b)) : AsDouble(a).CompareTo(AsDouble(b));
        return (a, b) switch
        {
            (string x, string y) => CompareCodePoints(x, y),
            (List<object?> x, List<object?> y) => CompareSequences(x, y, op),
            (PyTuple x, PyTuple y) => CompareSequences(x.Items, y.Items, op),
            _ => throw new JinjaRuntimeException(
                $"TypeError: '{op}' not supported between instances of '{PyRepr.TypeName(a)}' and '{PyRepr.TypeName(b)}'"),
        };
    }

    private static int CompareSequences(IReadOnlyList<object?> x, IReadOnlyList<object?> y, string op)
    {
        for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            if (!Equal(x[i], y[i])) return Compare(x[i], y[i], op);
        }
        return x.Count.CompareTo(y.Count);
    }

    /// <summary>Code-point order (ordinal UTF-16 order puts U+E000..U+FFFF after astral characters).</summary>
    private static int CompareCodePoints(string x, string y)
    {
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            char c = x[i], d = y[i];
            if (c == d) continue;
            bool cs = char.IsSurrogate(c), ds = char.IsSurrogate(d);
            if (cs != ds && (cs ? d : c) >= '\ue000') return cs ? 1 : -1;
            return c.CompareTo(d);
        }
        return x.Length.CompareTo(y.Length);
    }

    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub
            ? s.Contains(sub, StringComparison.Ordinal)
            : throw new JinjaRuntimeException($"TypeError: 'in <string>' requires string as left operand, not {PyRepr.TypeName(item)}"),
        PyDict d => d.ContainsKey(item),
        _ => Iterate(container).Any(x => Equal(x, item)),
    };

    /// <summary>Python <c>iter()</c>: lists and dicts are snapshotted, strings yield code points.</summary>
    public static IEnumerable<object?> Iterate(object? v) => v switch
    {
        List<object?> l => l.ToList(),
        PyTuple t => t.Items,
        string s => PyStr.CodePoints(s),
        PyDict d => d.Keys.ToList(),
        PyRange r => RangeItems(r),
        PyGenerator g => g.Consume(),
        Undefined => [],
        _ => throw new JinjaRuntimeException($"TypeError: '{PyRepr.TypeName(v)}' object is not iterable"),
    };

    private static IEnumerable<object?> RangeItems(PyRange r)
    {
        for (long i = 0; i < r.Length; i++) yield return r.At(i);
    }

    public static long Len(object? v) => v switch
    {
        string s => PyStr.Length(s),
        List<object?> l => l.Count,
        PyTuple t => t.Items.Count,
        PyDict d => d.Count,
        PyRange r => r.Length,
        Undefined => 0,
        _ => throw new JinjaRuntimeException($"TypeError: object of type '{PyRepr.TypeName(v)}' has no len()"),
    };
}
