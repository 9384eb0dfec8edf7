namespace Ccs.Prompts.Jinja;

/// <summary>The <c>loop</c> variable of a <c>{% for %}</c> (jinja2/runtime.py <c>LoopContext</c>), over the
/// already filtered items.</summary>
public sealed class LoopContext(IReadOnlyList<object?> items, int depth0)
{
    public int Index0 { get; set; }

    public bool TryGet(string name, out object? value)
    {
        int n = items.Count;
        value = name switch
        {
            "index0" => (long)Index0,
            "index" => (long)Index0 + 1,
            "revindex0" => (long)(n - Index0 - 1),
            "revindex" => (long)(n - Index0),
            "first" => Index0 == 0,
            "last" => Index0 == n - 1,
            "length" => (long)n,
            "depth0" => (long)depth0,
            "depth" => (long)depth0 + 1,
            "previtem" => Index0 > 0 ? items[Index0 - 1] : new Undefined("there is no previous item"),
            "nextitem" => Index0 + 1 < n ? items[Index0 + 1] : new Undefined("there is no next item"),
            "cycle" => new PyFunction("loop.cycle", (args, _) => args.Count == 0
                ? throw new JinjaRuntimeException("no items for cycling given")
                : args[Index0 % args.Count]),
            _ => null,
        };
        return value is not null || name is "previtem" or "nextitem";
    }
}
