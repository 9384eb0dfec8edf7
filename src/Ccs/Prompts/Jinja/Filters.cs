namespace Ccs.Prompts.Jinja;

/// <summary>The filters promptsource templates use: Jinja2's built-ins (jinja2/filters.py, same argument names,
/// defaults and quirks) and promptsource's <c>choice</c>, <c>most_frequent</c>, <c>highlight</c>
/// (promptsource/templates.py), plus ELK's <c>permutation</c>, <c>reorder</c>, <c>to_letter</c>.</summary>
public static class Filters
{
    public delegate object? Filter(Evaluator ctx, object? value, CallArgs args);

    public static Dictionary<string, Filter> Builtins() => new(StringComparer.Ordinal)
    {
        ["abs"] = (_, v, a) => { a.Expect(); return Abs(v); },
        ["capitalize"] = (_, v, a) => { a.Expect(); return PyStr.Capitalize(PyRepr.Str(v)); },
        ["lower"] = (_, v, a) => { a.Expect(); return PyStr.Lower(PyRepr.Str(v)); },
        ["upper"] = (_, v, a) => { a.Expect(); return PyStr.Upper(PyRepr.Str(v)); },
        ["string"] = (_, v, a) => { a.Expect(); return PyRepr.Str(v); },
        ["trim"] = (_, v, a) => PyStr.Strip(PyRepr.Str(v), a.Expect("chars").Get(0, "chars", null) as string),
        ["default"] = (_, v, a) => Default(v, a.Expect("default_value", "boolean")),
        ["d"] = (_, v, a) => Default(v, a.Expect("default_value", "boolean")),
        ["length"] = (_, v, a) => { a.Expect(); return PyOps.Len(v); },
        ["count"] = (_, v, a) => { a.Expect(); return PyOps.Len(v); },
        ["list"] = (_, v, a) => { a.Expect(); return PyOps.Iterate(v).ToList(); },
        ["first"] = (_, v, a) => { a.Expect(); return PyOps.Iterate(v).Take(1).ToList() is [var x] ? x : new Undefined("No first item, sequence was empty."); },
        ["last"] = (_, v, a) => { a.Expect(); return Last(v); },
        ["join"] = (_, v, a) => Join(v, a.Expect("d", "attribute")),
        ["replace"] = (_, v, a) => Replace(v, a.Expect("old", "new", "count")),
        ["int"] = (_, v, a) => ToInt(v, a.Expect("default", "base")),
        ["float"] = (_, v, a) => ToFloat(v, a.Expect("default").Get(0, "default", 0.0)),
        ["round"] = (_, v, a) => Round(v, a.Expect("precision", "method")),
        ["format"] = (_, v, a) => a.Positional.Count > 0 && a.Keywords.Count > 0
            ? throw new JinjaRuntimeException("can't handle positional and keyword arguments at the same time")
            : PyFormat.Percent(PyRepr.Str(v), a.Keywords.Count > 0 ? ToDict(a.Keywords) : new PyTuple(a.Positional)),
        ["truncate"] = (ctx, v, a) => Truncate(v, a.Expect("length", "killwords", "end", "leeway")),
        ["min"] = (_, v, a) => Min(v, a.Expect("case_sensitive", "attribute")),
        ["unique"] = (_, v, a) => Unique(v, a.Expect("case_sensitive", "attribute")),
        ["sort"] = (_, v, a) => Sort(v, a.Expect("reverse", "case_sensitive", "attribute")),
        ["map"] = Map,
        ["select"] = (ctx, v, a) => SelectOrReject(ctx, v, a, keep: true, lookupAttribute: false),
        ["reject"] = (ctx, v, a) => SelectOrReject(ctx, v, a, keep: false, lookupAttribute: false),
        ["selectattr"] = (ctx, v, a) => SelectOrReject(ctx, v, a, keep: true, lookupAttribute: true),
        ["rejectattr"] = (ctx, v, a) => SelectOrReject(ctx, v, a, keep: false, lookupAttribute: true),
        ["random"] = (ctx, v, a) => { a.Expect(); var seq = Sequence(v); return seq.Count == 0 ? new Undefined("No random item, sequence was empty.") : seq[ctx.Environment.Random.Next(seq.Count)]; },
        // promptsource/templates.py
        ["choice"] = (ctx, v, a) => { a.Expect(); var seq = Sequence(v); return seq.Count == 0 ? throw new JinjaRuntimeException("IndexError: Cannot choose from an empty sequence") : seq[ctx.Environment.Random.Next(seq.Count)]; },
        ["most_frequent"] = (_, v, a) => { a.Expect(); return MostFrequent(v); },
        ["highlight"] = (_, v, a) => { a.Expect(); return "<span style='color: #F08080'>" + (v as string ?? throw new JinjaRuntimeException("TypeError: can only concatenate str")) + "</span>"; },
    };

    /// <summary>The extra filters of ELK's (and the original tool's) environment (ccs/promptsource/templates.py).</summary>
    public static Dictionary<string, Filter> ElkExtras() => new(StringComparer.Ordinal)
    {
        ["permutation"] = (ctx, v, a) =>
        {
            a.Expect();
            var order = Enumerable.Range(0, (int)PyOps.AsLong(v)).Select(i => (object?)(long)i).ToList();
            for (int i = order.Count - 1; i > 0; i--) { int j = ctx.Environment.Random.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            return order;
        },
        ["reorder"] = (_, v, a) => PyOps.Iterate(a.Expect("permutation").Required(0, "permutation")).Select(i => PyAccess.GetItem(v, i)).ToList(),
        ["to_letter"] = (_, v, a) => { a.Expect(); return char.ConvertFromUtf32((int)PyOps.AsLong(v) + 'A'); },
    };

    private static object? Abs(object? v) => v switch
    {
        bool or long => (object)Math.Abs(PyOps.AsLong(v)),
        double d => Math.Abs(d),
        Undefined u => throw u.Fail(),
        _ => throw new JinjaRuntimeException($"TypeError: bad operand type for abs(): '{PyRepr.TypeName(v)}'"),
    };

    private static object? Default(object? v, CallArgs a)
    {
        bool boolean = PyOps.Truthy(a.Get(1, "boolean", false));
        return v is Undefined || (boolean && !PyOps.Truthy(v)) ? a.Get(0, "default_value", "") : v;
    }

    private static object? Last(object? v)
    {
        if (v is PyGenerator) throw new JinjaRuntimeException("TypeError: 'generator' object is not reversible");
        var items = PyOps.Iterate(v).ToList();
        return items.Count > 0 ? items[^1] : new Undefined("No last item, sequence was empty.");
    }

    private static string Join(object? v, CallArgs a)
    {
        var items = PyOps.Iterate(v);
        if (a.Get(1, "attribute", null) is { } attribute) items = items.Select(Attribute(attribute, null)).ToList();
        return string.Join(PyRepr.Str(a.Get(0, "d", "")), items.Select(PyRepr.Str));
    }

    private static string Replace(object? v, CallArgs a)
    {
        object? count = a.Get(2, "count", null);
        return PyStr.Replace(PyRepr.Str(v), PyRepr.Str(a.Required(0, "old")), PyRepr.Str(a.Required(1, "new")), count is null ? -1 : PyOps.AsLong(count));
    }

    /// <summary><c>int</c> filter: <c>int(value)</c>, else <c>int(float(value))</c> ("42.23"|int is 42), else the
    /// default. An Undefined raises (its <c>__int__</c> does).</summary>
    private static object? ToInt(object? v, CallArgs a)
    {
        object? fallback = a.Get(0, "default", 0L);
        if (a.Get(1, "base", 10L) is not 10L) throw new JinjaRuntimeException("the int filter is supported with base 10 only");
        switch (v)
        {
            case Undefined u: throw u.Fail();
            case bool or long: return PyOps.AsLong(v);
            case double d: return double.IsFinite(d) ? (long)Math.Truncate(d) : fallback;
            case string s:
                if (PyNumbers.TryParseInt(s, out long n)) return n;
                return PyNumbers.TryParseFloat(s, out double f) && double.IsFinite(f) ? (long)Math.Truncate(f) : fallback;
            default: return fallback;
        }
    }

    private static object? ToFloat(object? v, object? fallback) => v switch
    {
        Undefined u => throw u.Fail(),
        bool or long or double => (object)PyOps.AsDouble(v),
        string s => PyNumbers.TryParseFloat(s, out double f) ? f : fallback,
        _ => fallback,
    };

    private static object? Round(object? v, CallArgs a)
    {
        if (v is Undefined u) throw u.Fail();
        long precision = PyOps.AsLong(a.Get(0, "precision", 0L));
        string method = a.Get(1, "method", "common") as string ?? "";
        if (method == "common") return PyNumbers.Round(v, precision);
        if (method is not ("ceil" or "floor")) throw new JinjaRuntimeException("method must be common, ceil or floor");
        double scale = Math.Pow(10, precision), x = PyOps.AsDouble(v) * scale;
        return (method == "ceil" ? Math.Ceiling(x) : Math.Floor(x)) / scale;
    }

    /// <summary>Jinja 3.1 <c>truncate</c>: texts up to length + leeway (5) stay; otherwise cut to length - len(end)
    /// code points, back to the last space unless killwords, plus end.</summary>
    private static string Truncate(object? v, CallArgs a)
    {
        string s = v as string ?? throw new JinjaRuntimeException("truncate expects a string");
        long length = PyOps.AsLong(a.Get(0, "length", 255L));
        bool killwords = PyOps.Truthy(a.Get(1, "killwords", false));
        string end = PyRepr.Str(a.Get(2, "end", "..."));
        long leeway = PyOps.AsLong(a.Get(3, "leeway", null) ?? 5L);
        if (PyStr.Length(s) <= length + leeway) return s;
        string head = PyStr.Prefix(s, (int)(length - PyStr.Length(end)));
        if (!killwords)
        {
            int space = head.LastIndexOf(' ');
            if (space >= 0) head = head[..space];
        }
        return head + end;
    }

    /// <summary>Jinja's attribute getter: dotted path, integer parts as indices, through Environment.getitem.</summary>
    private static Func<object?, object?> Attribute(object attribute, Func<object?, object?>? postprocess, object? fallback = null)
    {
        var parts = attribute is string s
            ? s.Split('.').Select(p => long.TryParse(p, out long i) && p.All(char.IsAsciiDigit) ? (object)i : p).ToList()
            : [attribute];
        return item =>
        {
            foreach (var part in parts)
            {
                item = PyAccess.GetItem(item, part);
                if (fallback is not null && item is Undefined) item = fallback;
            }
            return postprocess is null ? item : postprocess(item);
        };
    }

    private static object? IgnoreCase(object? v) => v is string s ? PyStr.Lower(s) : v;

    private static object? Min(object? v, CallArgs a)
    {
        var items = PyOps.Iterate(v).ToList();
        if (items.Count == 0) return new Undefined("No aggregated item, sequence was empty.");
        var key = KeyGetter(a.Get(1, "attribute", null), PyOps.Truthy(a.Get(0, "case_sensitive", false)));
        object? best = items[0];
        foreach (var item in items.Skip(1))
        {
            if (PyOps.Compare(key(item), key(best), "<") < 0) best = item;
        }
        return best;
    }

    private static Func<object?, object?> KeyGetter(object? attribute, bool caseSensitive)
    {
        Func<object?, object?>? post = caseSensitive ? null : IgnoreCase;
        return attribute is null ? item => post is null ? item : post(item) : Attribute(attribute, post);
    }

    private static PyGenerator Unique(object? v, CallArgs a)
    {
        var key = KeyGetter(a.Get(1, "attribute", null), PyOps.Truthy(a.Get(0, "case_sensitive", false)));
        var seen = new PyDict();
        var result = new List<object?>();
        foreach (var item in PyOps.Iterate(v))
        {
            object? k = key(item);
            if (seen.ContainsKey(k)) continue;
            seen.Set(k, null);
            result.Add(item);
        }
        return new PyGenerator("generator", result);
    }

    private static List<object?> Sort(object? v, CallArgs a)
    {
        bool reverse = PyOps.Truthy(a.Get(0, "reverse", false));
        bool caseSensitive = PyOps.Truthy(a.Get(1, "case_sensitive", false));
        object? attribute = a.Get(2, "attribute", null);
        var paths = attribute is string s ? s.Split(',').Select(p => KeyGetter(p, caseSensitive)).ToList() : [KeyGetter(attribute, caseSensitive)];
        object? Key(object? item) => paths.Select(p => p(item)).ToList();
        var items = PyOps.Iterate(v).ToList();
        var comparer = Comparer<object?>.Create((x, y) => PyOps.Compare(Key(x), Key(y), "<"));
        return reverse ? items.OrderByDescending(x => x, comparer).ToList() : items.OrderBy(x => x, comparer).ToList();
    }

    private static object? Map(Evaluator ctx, object? value, CallArgs a)
    {
        if (!PyOps.Truthy(value)) return new PyGenerator("generator", []);
        Func<object?, object?> func;
        if (a.Positional.Count == 0 && a.Keywords.ContainsKey("attribute"))
        {
            a.Expect("attribute", "default");
            func = Attribute(a.Keywords["attribute"]!, null, a.Get(99, "default", null));
        }
        else
        {
            if (a.Positional.Count == 0) throw new JinjaRuntimeException("map requires a filter argument");
            string name = a.Positional[0] as string ?? throw new JinjaRuntimeException("map requires a filter name");
            var rest = new CallArgs(name, a.Positional.Skip(1).ToList(), a.Keywords);
            func = item => ctx.Environment.Filter(name, ctx, item, rest);
        }
        return new PyGenerator("generator", PyOps.Iterate(value).Select(func).ToList());
    }

    private static PyGenerator SelectOrReject(Evaluator ctx, object? value, CallArgs a, bool keep, bool lookupAttribute)
    {
        if (!PyOps.Truthy(value)) return new PyGenerator("generator", []);
        int off = lookupAttribute ? 1 : 0;
        Func<object?, object?> transform = lookupAttribute
            ? Attribute(a.Positional.Count > 0 ? a.Positional[0]! : throw new JinjaRuntimeException("Missing parameter for attribute name"), null)
            : x => x;
        Func<object?, bool> test;
        if (a.Positional.Count > off)
        {
            string name = a.Positional[off] as string ?? throw new JinjaRuntimeException("test name must be a string");
            var rest = new CallArgs(name, a.Positional.Skip(off + 1).ToList(), a.Keywords);
            test = item => PyOps.Truthy(ctx.Environment.Test(name, ctx, item, rest));
        }
        else test = PyOps.Truthy;
        return new PyGenerator("generator", PyOps.Iterate(value).Where(item => test(transform(item)) == keep).ToList());
    }

    /// <summary>A sequence for <c>random.choice</c>: lists, tuples, strings, ranges (not iterators).</summary>
    private static List<object?> Sequence(object? v) => v is PyGenerator
        ? throw new JinjaRuntimeException("TypeError: object of type 'generator' has no len()")
        : PyOps.Iterate(v).ToList();

    /// <summary>promptsource's <c>most_frequent</c>: None for an empty input, else every item with the highest
    /// count, in first-seen order (<c>Counter.most_common</c>).</summary>
    private static object? MostFrequent(object? v)
    {
        if (!PyOps.Truthy(v)) return null;
        var counts = new PyDict();
        foreach (var item in PyOps.Iterate(v)) counts.Set(item, counts.TryGet(item, out var n) ? (long)n! + 1 : 1L);
        long top = counts.Keys.Max(k => (long)counts[k]!);
        return counts.Keys.Where(k => (long)counts[k]! == top).ToList();
    }

    private static PyDict ToDict(IReadOnlyDictionary<string, object?> keywords)
    {
        var d = new PyDict();
        foreach (var (k, v) in keywords) d.Set(k, v);
        return d;
    }
}
