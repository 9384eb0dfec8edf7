namespace Ccs.Options;

/// <summary>The sweep's dataset-list processing (spec 8, first bullet).</summary>
public static class SweepDatasets
{
    /// <summary>The Burns et al. (2022) datasets on the hub (spec 3.11), for the <c>burns</c> shorthand.</summary>
    public static readonly IReadOnlyList<string> Burns =
    [
        "ag_news", "amazon_polarity", "dbpedia_14", "glue:qnli", "imdb", "piqa",
        "super_glue:boolq", "super_glue:copa", "super_glue:rte",
    ];

    /// <summary>
    /// Expands <c>burns</c>, removes duplicates, sorts ordinally and, with <paramref name="addPooled"/>,
    /// appends one entry joining all of them with <c>+</c>.
    /// </summary>
    public static ValueList<string> Process(IEnumerable<string> entries, bool addPooled, Action<string> inform)
    {
        var list = entries.ToList();
        if (list.Remove("burns"))
        {
            list.RemoveAll(e => e == "burns");
            inform("Interpreting `burns` as all datasets used in Burns et al. (2022) available on the HuggingFace Hub");
            list.AddRange(Burns);
        }
        var sorted = list.Distinct().Order(StringComparer.Ordinal).ToList();
        if (addPooled && sorted.Count > 1) sorted.Add(string.Join("+", sorted));
        return sorted.ToValueList();
    }
}
