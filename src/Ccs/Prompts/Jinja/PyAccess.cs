namespace Ccs.Prompts.Jinja;

/// <summary>Jinja's <c>Environment.getattr</c> (for <c>x.name</c>: attribute first, then item) and
/// <c>Environment.getitem</c> (for <c>x[key]</c>: item first, then attribute for string keys); a miss is
/// <see cref="Undefined"/>, and any access on an Undefined raises.</summary>
public static class PyAccess
{
    public static object? GetAttr(object? obj, string name)
    {
        if (TryAttribute(obj, name, out var value)) return value;
        if (TryItem(obj, name, out value)) return value;
        return Undefined.Missing(obj, name);
    }

    public static object? GetItem(object? obj, object? key)
    {
        if (TryItem(obj, key, out var value)) return value;
        if (key is string name && TryAttribute(obj, name, out value)) return value;
        return Undefined.Missing(obj, key);
    }

    /// <summary>Python <c>getattr(obj, name)</c>; false where Python raises AttributeError.</summary>
    private static bool TryAttribute(object? obj, string name, out object? value)
    {
        value = null;
        switch (obj)
        {
            case Undefined u:
                throw u.Fail();
            case PyNamespace ns:
                return ns.Attributes.TryGetValue(name, out value);
            case LoopContext loop:
                return loop.TryGet(name, out value);
            case PyRange r:
                value = name switch { "start" => r.Start, "stop" => r.Stop, "step" => r.Step, _ => null };
                return value is not null;
            default:
                bool found = PyMethods.TryBind(obj, name, out var method);
                value = method;
                return found;
        }
    }

    /// <summary>Python <c>obj[key]</c>; false where Python raises TypeError or LookupError.</summary>
    private static bool TryItem(object? obj, object? key, out object? value)
    {
        value = null;
        switch (obj)
        {
            case Undefined u:
                throw u.Fail();
            case PyDict d:
                if (key is List<object?> or PyDict) return false;
                return d.TryGet(key, out value);
            case List<object?> list:
                return TrySequenceItem(list, key, items => items.ToList(), out value);
            case PyTuple t:
                return TrySequenceItem(t.Items, key, items => new PyTuple(items.ToList()), out value);
            case string s when !PyStr.HasSurrogates(s):
                return TryStringItem(s, key, out value);
            case string s:
                return TrySequenceItem(PyStr.CodePoints(s).Cast<object?>().ToList(), key,
                    items => string.Concat(items.Cast<string>()), out value);
            case PyRange r when key is bool or long:
                long i = PyOps.AsLong(key);
                if (i < 0) i += r.Length;
                if (i < 0 || i >= r.Length) return false;
                value = r.At(i);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Indexing a string without surrogate pairs, where UTF-16 units are code points.</summary>
    private static bool TryStringItem(string s, object? key, out object? value)
    {
        value = null;
        if (key is PySlice slice)
        {
            var picked = slice.Positions(s.Length).Select(p => s[p]).ToArray();
            value = new string(picked);
            return true;
        }
        if (key is not (bool or long)) return false;
        long i = PyOps.AsLong(key);
        if (i < 0) i += s.Length;
        if (i < 0 || i >= s.Length) return false;
        value = s[(int)i].ToString();
        return true;
    }

    private static bool TrySequenceItem(IReadOnlyList<object?> items, object? key, Func<IEnumerable<object?>, object?> rebuild, out object? value)
    {
        value = null;
        if (key is PySlice slice)
        {
            value = rebuild(slice.Positions(items.Count).Select(p => items[p]));
            return true;
        }
        if (key is not (bool or long)) return false;
        long i = PyOps.AsLong(key);
        if (i < 0) i += items.Count;
        if (i < 0 || i >= items.Count) return false;
        value = items[(int)i];
        return true;
    }
}
