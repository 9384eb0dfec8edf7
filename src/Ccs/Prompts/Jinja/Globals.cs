namespace Ccs.Prompts.Jinja;

/// <summary>Global functions: Jinja2's <c>range</c> (capped at 100000 items as its sandbox-safe range),
/// <c>dict</c>, <c>namespace</c>; promptsource's <c>zip</c>; ELK's <c>enumerate</c>.</summary>
public static class Globals
{
    private const long MaxRange = 100_000;

    public static Dictionary<string, object?> Builtins() => new(StringComparer.Ordinal)
    {
        ["range"] = new PyFunction("range", (args, kw) => Range(args)),
        ["dict"] = new PyFunction("dict", (args, kw) => Dict(args, kw)),
        ["namespace"] = new PyFunction("namespace", (args, kw) =>
        {
            var ns = new PyNamespace();
            var d = Dict(args, kw);
            foreach (var k in d.Keys) ns.Attributes[k as string ?? throw new JinjaRuntimeException("namespace keys must be strings")] = d[k];
            return ns;
        }),
        ["zip"] = new PyFunction("zip", (args, kw) => Zip(args)),
    };

    public static Dictionary<string, object?> ElkExtras() => new(StringComparer.Ordinal)
    {
        ["enumerate"] = new PyFunction("enumerate", (args, kw) =>
        {
            var a = new CallArgs("enumerate", args, kw).Expect("iterable", "start");
            long start = PyOps.AsLong(a.Get(1, "start", 0L));
            return new PyGenerator("enumerate", PyOps.Iterate(a.Required(0, "iterable")).Select((x, i) => (object?)new PyTuple([start + i, x])).ToList());
        }),
    };

    private static PyRange Range(IReadOnlyList<object?> args)
    {
        var n = args.Select(PyOps.AsLong).ToList();
        var r = n.Count switch
        {
            1 => new PyRange(0, n[0], 1),
            2 => new PyRange(n[0], n[1], 1),
            3 when n[2] != 0 => new PyRange(n[0], n[1], n[2]),
            3 => throw new JinjaRuntimeException("ValueError: range() arg 3 must not be zero"),
            _ => throw new JinjaRuntimeException($"TypeError: range expected 1 to 3 arguments, got {n.Count}"),
        };
        if (r.Length > MaxRange) throw new JinjaRuntimeException($"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).");
        return r;
    }

    private static PyDict Dict(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kw)
    {
        var d = new PyDict();
        if (args.Count > 1) throw new JinjaRuntimeException("TypeError: dict expected at most 1 argument");
        if (args.Count == 1)
        {
            if (args[0] is PyDict source) foreach (var k in source.Keys) d.Set(k, source[k]);
            else
            {
                foreach (var pair in PyOps.Iterate(args[0]))
                {
                    var kv = PyOps.Iterate(pair).ToList();
                    if (kv.Count != 2) throw new JinjaRuntimeException("ValueError: dictionary update sequence element has wrong length");
                    d.Set(kv[0], kv[1]);
                }
            }
        }
        foreach (var (k, v) in kw) d.Set(k, v);
        return d;
    }

    private static PyGenerator Zip(IReadOnlyList<object?> args)
    {
        var lists = args.Select(a => PyOps.Iterate(a).ToList()).ToList();
        int n = lists.Count == 0 ? 0 : lists.Min(l => l.Count);
        return new PyGenerator("zip", Enumerable.Range(0, n).Select(i => (object?)new PyTuple(lists.Select(l => l[i]).ToList())).ToList());
    }
}
