using System.Text;

namespace Ccs.Prompts.Jinja;

/// <summary>Which Jinja environment a template runs in: promptsource's (globals <c>zip</c>; filters <c>choice</c>,
/// <c>most_frequent</c>, <c>highlight</c>) or the original tool's vendored copy, which adds global
/// <c>enumerate</c> and filters <c>permutation</c>, <c>reorder</c>, <c>to_letter</c>.</summary>
public enum JinjaFlavor { Promptsource, Elk }

/// <summary>A Jinja2 <c>Environment</c> with default settings (no autoescape, no trim_blocks/lstrip_blocks, a
/// single trailing newline dropped, default Undefined) and the flavour's extra globals and filters.</summary>
public sealed class JinjaEnvironment
{
    private readonly Dictionary<string, Filters.Filter> _filters = Filters.Builtins();
    private readonly Dictionary<string, Tests.Test> _tests = Tests.Builtins();
    private readonly Dictionary<string, object?> _globals = Globals.Builtins();

    /// <param name="random">Source for the <c>choice</c>/<c>random</c>/<c>permutation</c> filters. The original used
    /// Python's unseeded global RNG there (spec 10.B25), so no render that calls them is reproducible; only
    /// generation templates do.</param>
    public JinjaEnvironment(JinjaFlavor flavor, Random random)
    {
        Flavor = flavor;
        Random = random;
        if (flavor != JinjaFlavor.Elk) return;
        foreach (var (k, v) in Filters.ElkExtras()) _filters[k] = v;
        foreach (var (k, v) in Globals.ElkExtras()) _globals[k] = v;
    }

    public JinjaFlavor Flavor { get; }
    public Random Random { get; }

    /// <summary>Parses a template; throws <see cref="TemplateSyntaxException"/> where Jinja2 would not compile it
    /// or where it uses a construct this engine does not implement.</summary>
    public JinjaTemplate Compile(string source)
    {
        var parser = new Parser(Lexer.Tokenize(source), _filters.ContainsKey, _tests.ContainsKey);
        return new JinjaTemplate(this, parser.ParseTemplate());
    }

    internal object? Filter(string name, Evaluator ctx, object? value, CallArgs args) =>
        _filters.TryGetValue(name, out var f) ? f(ctx, value, args) : throw new JinjaRuntimeException($"No filter named '{name}'.");

    internal bool Test(string name, Evaluator ctx, object? value, CallArgs args) =>
        _tests.TryGetValue(name, out var t) ? t(value, args) : throw new JinjaRuntimeException($"No test named '{name}'.");

    internal object? Global(string name) => _globals.TryGetValue(name, out var g) ? g : Undefined.Named(name);
}

/// <summary>A compiled template.</summary>
public sealed class JinjaTemplate
{
    private readonly JinjaEnvironment _environment;

    internal JinjaTemplate(JinjaEnvironment environment, IReadOnlyList<Stmt> body)
    {
        _environment = environment;
        Body = body;
    }

    public IReadOnlyList<Stmt> Body { get; }

    /// <summary>Renders with the given variables (Python-model values: null, bool, long, double, string, List, <see cref="PyDict"/>, ...); throws
    /// <see cref="JinjaRuntimeException"/> where Jinja2 would raise.</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        var root = new Scope(null, name => variables.TryGetValue(name, out var v) ? v : _environment.Global(name));
        var output = new StringBuilder();
        new Evaluator(_environment).Execute(Body, root, output);
        return output.ToString();
    }
}
