using Ccs.Prompts.Jinja;

namespace Ccs.Prompts;

/// <summary>How each <c>|||</c>-separated part of a rendered template is trimmed.</summary>
public enum PartStrip
{
    /// <summary>promptsource's <c>str.strip()</c>.</summary>
    All,
    /// <summary>The original tool's <c>Template._strip_spaces</c>: strip, then put back as many <c>\n</c> as were
    /// removed on each side (an all-whitespace part becomes just its newlines).</summary>
    KeepNewlines,
}

/// <summary>The differences between promptsource's <c>Template.apply</c> and the original tool's copy.</summary>
/// <param name="Truncate">Whether every <c>{{ }}</c> value is cut to 2048 characters (promptsource's default
/// <c>truncate=True</c>; the original's <c>apply</c> defaults to False, so it never truncates).</param>
public sealed record RenderRules(JinjaFlavor Flavor, bool Truncate, PartStrip Strip)
{
    /// <summary>promptsource (bigscience-workshop/promptsource templates.py).</summary>
    public static readonly RenderRules Promptsource = new(JinjaFlavor.Promptsource, Truncate: true, PartStrip.All);

    /// <summary>The original tool as described (ccs/promptsource/templates.py at 8a4bf68).</summary>
    public static readonly RenderRules Original = new(JinjaFlavor.Elk, Truncate: false, PartStrip.KeepNewlines);
}
