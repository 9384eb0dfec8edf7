namespace Ccs.Metrics;

/// <summary>How per-variant scores are combined before scoring (spec 6.2; the original's <c>ensembling</c> column).</summary>
public enum Ensembling
{
    /// <summary>Every (example, variant) on its own, judged by choice 1's score alone.</summary>
    None,
    /// <summary>Every (example, variant), judged by the difference of the two choices' scores.</summary>
    Partial,
    /// <summary>Scores averaged over variants first; one judgement per example.</summary>
    Full,
}

public static class EnsemblingNames
{
    /// <summary>The three modes in the order the original evaluates them.</summary>
    public static IReadOnlyList<Ensembling> All { get; } = [Ensembling.None, Ensembling.Partial, Ensembling.Full];

    /// <summary>The CSV spelling: <c>none</c>, <c>partial</c>, <c>full</c>.</summary>
    public static string CsvName(this Ensembling mode) => mode switch
    {
        Ensembling.None => "none",
        Ensembling.Partial => "partial",
        Ensembling.Full => "full",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static Ensembling Parse(string name) => name switch
    {
        "none" => Ensembling.None,
        "partial" => Ensembling.Partial,
        "full" => Ensembling.Full,
        _ => throw new ArgumentException($"unknown ensembling mode '{name}'", nameof(name)),
    };
}
