namespace Ccs.Prompts.Jinja;

/// <summary>Variable scopes as Jinja2's compiled code behaves: the template's top level, and one fresh child per
/// <c>for</c> iteration (assignments inside a loop body do not survive the iteration; reads fall through to the
/// enclosing scope). <c>if</c> blocks share their enclosing scope.</summary>
public sealed class Scope(Scope? parent, Func<string, object?> fallback)
{
    private readonly Dictionary<string, object?> _vars = new(StringComparer.Ordinal);

    public Scope Child() => new(this, fallback);

    public void Set(string name, object? value) => _vars[name] = value;

    public object? Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._vars.TryGetValue(name, out var v)) return v;
        }
        return fallback(name);
    }

    private Scope? Parent => parent;
}
