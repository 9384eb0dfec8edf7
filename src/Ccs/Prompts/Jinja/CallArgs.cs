namespace Ccs.Prompts.Jinja;

/// <summary>Python-style binding of a filter's, test's or global's arguments: by position, then by keyword,
/// then the default.</summary>
public sealed class CallArgs(string callee, IReadOnlyList<object?> positional, IReadOnlyDictionary<string, object?> keywords)
{
    public static readonly IReadOnlyDictionary<string, object?> NoKeywords = new Dictionary<string, object?>();

    public IReadOnlyList<object?> Positional { get; } = positional;
    public IReadOnlyDictionary<string, object?> Keywords { get; } = keywords;

    public object? Get(int position, string name, object? fallback)
    {
        if (position < Positional.Count) return Positional[position];
        return Keywords.TryGetValue(name, out var v) ? v : fallback;
    }

    public object? Required(int position, string name) =>
        position < Positional.Count || Keywords.ContainsKey(name)
            ? Get(position, name, null)
            : throw new JinjaRuntimeException($"TypeError: {callee}() missing required argument '{name}'");

    public bool Has(int position, string name) => position < Positional.Count || Keywords.ContainsKey(name);

    /// <summary>Rejects arguments beyond the parameter list, as Python would.</summary>
    public CallArgs Expect(params string[] names)
    {
        if (Positional.Count > names.Length)
            throw new JinjaRuntimeException($"TypeError: {callee}() takes at most {names.Length} arguments ({Positional.Count} given)");
        foreach (var key in Keywords.Keys)
        {
            if (!names.Contains(key)) throw new JinjaRuntimeException($"TypeError: {callee}() got an unexpected keyword argument '{key}'");
        }
        return this;
    }
}
