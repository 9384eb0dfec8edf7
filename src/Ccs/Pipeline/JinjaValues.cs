using Ccs.Prompts.Jinja;

namespace Ccs.Pipeline;

/// <summary>
/// Dataset values (<see cref="Data.Table"/>'s model) as the Python objects Hugging Face <c>datasets</c> hands to
/// promptsource's <c>template.render(**example)</c>: <c>str</c>, <c>int</c>, <c>float</c>, <c>bool</c> and <c>None</c>
/// are the same .NET values in both models; lists become Python lists (<see cref="List{T}"/>, which the engine
/// indexes, slices, joins and prints as <c>['a', 'b']</c>) and nested records become dicts (<see cref="PyDict"/>,
/// keys in column order, printed as <c>{'a': 1}</c>), recursively. Every render gets fresh copies, so a template
/// cannot change the row another template sees.
/// </summary>
internal static class JinjaValues
{
    /// <summary>The variables of one render: the row's columns by name.</summary>
    public static Dictionary<string, object?> Row(IReadOnlyDictionary<string, object?> row)
    {
        var variables = new Dictionary<string, object?>(row.Count, StringComparer.Ordinal);
        foreach ((string column, object? value) in row) variables[column] = Value(value);
        return variables;
    }

    public static object? Value(object? value) => value switch
    {
        null or string or long or double or bool => value,
        int i => (long)i,
        float f => (double)f,
        // Python bytes (binary columns such as images) have no counterpart in the engine: printing one is a
        // render error naming the type, which only a template that uses the column reaches.
        byte[] => value,
        IReadOnlyDictionary<string, object?> record => Dict(record),
        IReadOnlyList<object?> list => list.Select(Value).ToList(),
        _ => throw new ArgumentException($"a dataset value of type {value.GetType().Name} has no Python counterpart"),
    };

    private static PyDict Dict(IReadOnlyDictionary<string, object?> record)
    {
        var dict = new PyDict();
        foreach ((string key, object? value) in record) dict.Set(key, Value(value));
        return dict;
    }
}
