namespace Ccs.Prompts.Jinja;

/// <summary>Methods of Python's <c>str</c>, <c>list</c>, <c>dict</c> and <c>tuple</c> as templates call them
/// (<c>text.split()</c>, <c>choices.index(x)</c>, <c>d.update({...})</c>). Every Python method name resolves (so
/// attribute lookup behaves as in Jinja); calling one this engine lacks is a clear error.</summary>
public static class PyMethods
{
    private static readonly HashSet<string> StrNames = new(StringComparer.Ordinal)
    {
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format", "format_map",
        "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
        "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition",
        "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip",
        "split", "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill",
    };
    private static readonly HashSet<string> ListNames = new(StringComparer.Ordinal)
        { "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort" };
    private static readonly HashSet<string> DictNames = new(StringComparer.Ordinal)
        { "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values" };
    private static readonly HashSet<string> TupleNames = new(StringComparer.Ordinal) { "count", "index" };

    public static bool TryBind(object? self, string name, out PyFunction? method)
    {
        var names = self switch
        {
            string => StrNames,
            List<object?> => ListNames,
            PyDict => DictNames,
            PyTuple => TupleNames,
            _ => null,
        };
        method = names is not null && names.Contains(name)
            ? new PyFunction($"{PyRepr.TypeName(self)}.{name}", (args, kwargs) => Call(self, name, new Args(name, args, kwargs)))
            : null;
        return method is not null;
    }

    private static object? Call(object? self, string name, Args a) => self switch
    {
        string s => CallStr(s, name, a),
        List<object?> l => CallList(l, name, a),
        PyDict d => CallDict(d, name, a),
        PyTuple t => CallSequence(t.Items, name, a),
        _ => throw a.Unsupported(self),
    };

    private static object? CallStr(string s, string name, Args a) => name switch
    {
        "split" => PyStr.Split(s, a.OptionalString(0, "sep"), a.Long(1, "maxsplit", -1)),
        "strip" => PyStr.Strip(s, a.OptionalString(0, "chars")),
        "lstrip" => PyStr.LStrip(s, a.OptionalString(0, "chars")),
        "rstrip" => PyStr.RStrip(s, a.OptionalString(0, "chars")),
        "lower" => PyStr.Lower(s),
        "upper" => PyStr.Upper(s),
        "capitalize" => PyStr.Capitalize(s),
        "replace" => PyStr.Replace(s, a.String(0), a.String(1), a.Long(2, "count", -1)),
        "join" => string.Join(s, PyOps.Iterate(a.At(0)).Select(x => x as string
            ?? throw new JinjaRuntimeException($"TypeError: sequence item: expected str instance, {PyRepr.TypeName(x)} found"))),
        "startswith" => Affixes(a.At(0)).Any(p => s.StartsWith(p, StringComparison.Ordinal)),
        "endswith" => Affixes(a.At(0)).Any(p => s.EndsWith(p, StringComparison.Ordinal)),
        "find" => CodePointIndex(s, s.IndexOf(a.String(0), StringComparison.Ordinal)),
        "rfind" => CodePointIndex(s, s.LastIndexOf(a.String(0), StringComparison.Ordinal)),
        "index" => CodePointIndex(s, s.IndexOf(a.String(0), StringComparison.Ordinal)) is var i and >= 0
            ? i : throw new JinjaRuntimeException("ValueError: substring not found"),
        "count" => CountOccurrences(s, a.String(0)),
        "isdigit" => s.Length > 0 && s.All(char.IsDigit),
        "isspace" => PyStr.IsAllSpace(s),
        _ => throw a.Unsupported(s),
    };

    private static IEnumerable<string> Affixes(object? arg) => arg switch
    {
        string p => [p],
        PyTuple t => t.Items.Select(x => x as string ?? throw new JinjaRuntimeException("TypeError: expected str")),
        _ => throw new JinjaRuntimeException($"TypeError: startswith first arg must be str or a tuple of str, not {PyRepr.TypeName(arg)}"),
    };

    private static long CodePointIndex(string s, int utf16Index) =>
        utf16Index <= 0 || !PyStr.HasSurrogates(s) ? utf16Index : PyStr.Length(s[..utf16Index]);

    private static long CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0) return PyStr.Length(s) + 1;
        long n = 0;
        for (int at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static object? CallList(List<object?> l, string name, Args a)
    {
        switch (name)
        {
            case "append": l.Add(a.At(0)); return null;
            case "extend": l.AddRange(PyOps.Iterate(a.At(0))); return null;
            case "insert": l.Insert((int)Math.Clamp(Normalize(a.Long(0, "index", 0), l.Count, clamp: true), 0, l.Count), a.At(1)); return null;
            case "remove":
                int at = l.FindIndex(x => PyOps.Equal(x, a.At(0)));
                if (at < 0) throw new JinjaRuntimeException("ValueError: list.remove(x): x not in list");
                l.RemoveAt(at);
                return null;
            case "pop":
                if (l.Count == 0) throw new JinjaRuntimeException("IndexError: pop from empty list");
                long i = Normalize(a.Long(0, "index", -1), l.Count, clamp: false);
                if (i < 0 || i >= l.Count) throw new JinjaRuntimeException("IndexError: pop index out of range");
                object? item = l[(int)i];
                l.RemoveAt((int)i);
                return item;
            default: return CallSequence(l, name, a);
        }
    }

    private static long Normalize(long i, int count, bool clamp) => i < 0 ? (clamp ? Math.Max(0, i + count) : i + count) : i;

    private static object? CallSequence(IReadOnlyList<object?> items, string name, Args a)
    {
        switch (name)
        {
            case "index":
                for (int i = 0; i < items.Count; i++)
                {
                    if (PyOps.Equal(items[i], a.At(0))) return (long)i;
                }
                throw new JinjaRuntimeException($"ValueError: {PyRepr.Repr(a.At(0))} is not in list");
            case "count":
                return (long)items.Count(x => PyOps.Equal(x, a.At(0)));
            default:
                throw a.Unsupported(items);
        }
    }

    private static object? CallDict(PyDict d, string name, Args a)
    {
        switch (name)
        {
            case "keys": return d.Keys.ToList();
            case "values": return d.Keys.Select(k => d[k]).ToList();
            case "items": return d.Keys.Select(k => (object?)new PyTuple([k, d[k]])).ToList();
            case "get": return d.TryGet(a.At(0), out var v) ? v : a.Count > 1 ? a.At(1) : null;
            case "update":
                if (a.Count > 0)
                {
                    if (a.At(0) is not PyDict other) throw new JinjaRuntimeException("dict.update is supported with a dict argument only");
                    foreach (var k in other.Keys) d.Set(k, other[k]);
                }
                foreach (var (k, value) in a.Keywords) d.Set(k, value);
                return null;
            case "pop":
                if (d.Remove(a.At(0), out var removed)) return removed;
                if (a.Count > 1) return a.At(1);
                throw new JinjaRuntimeException($"KeyError: {PyRepr.Repr(a.At(0))}");
            default:
                throw a.Unsupported(d);
        }
    }

    /// <summary>Positional and keyword arguments of one method call.</summary>
    private sealed class Args(string method, IReadOnlyList<object?> positional, IReadOnlyDictionary<string, object?> keywords)
    {
        public int Count => positional.Count;
        public IReadOnlyDictionary<string, object?> Keywords => keywords;

        public object? At(int i) => i < positional.Count ? positional[i]
            : throw new JinjaRuntimeException($"TypeError: {method}() missing a required argument");

        private object? Get(int i, string key, out bool present)
        {
            present = true;
            if (i < positional.Count) return positional[i];
            if (keywords.TryGetValue(key, out var v)) return v;
            present = false;
            return null;
        }

        public string String(int i) => At(i) as string
            ?? throw new JinjaRuntimeException($"TypeError: {method}() argument must be str, not {PyRepr.TypeName(At(i))}");

        public string? OptionalString(int i, string key) => Get(i, key, out _) switch
        {
            null => null,
            string s => s,
            var other => throw new JinjaRuntimeException($"TypeError: {method}() argument must be str or None, not {PyRepr.TypeName(other)}"),
        };

        public long Long(int i, string key, long fallback) => Get(i, key, out bool present) is var v && present ? PyOps.AsLong(v) : fallback;

        public JinjaRuntimeException Unsupported(object? self) =>
            new($"the method {PyRepr.TypeName(self)}.{method}() is not supported by this template engine");
    }
}
