using System.Text;

namespace Ccs.Prompts;

/// <summary>PyYAML accepts continuation lines of a multi-line quoted scalar that are not indented past their key
/// (e.g. <c>christykoh/imdb_fr/templates.yaml</c>); YamlDotNet, following the YAML spec, rejects them. Leading
/// white space of such lines is not part of the value, so indenting them changes nothing but makes the file
/// loadable. Used only as a retry after a strict parse fails.</summary>
public static class QuotedScalarIndentation
{
    public static string Fix(string yaml)
    {
        var sb = new StringBuilder(yaml.Length + 256);
        char quote = '\0';
        int keyIndent = 0;
        foreach (string line in yaml.Split('\n'))
        {
            string text = line;
            if (quote != '\0')
            {
                int indent = line.Length - line.TrimStart(' ').Length;
                if (line.Trim().Length > 0 && indent <= keyIndent) text = new string(' ', keyIndent + 1 - indent) + line;
                if (Closes(line, 0, quote)) quote = '\0';
            }
            else
            {
                int colon = FindQuotedValue(line, out char opening);
                if (colon >= 0 && !Closes(line, colon, opening))
                {
                    quote = opening;
                    keyIndent = line.Length - line.TrimStart(' ').Length;
                }
            }
            sb.Append(text).Append('\n');
        }
        return sb.ToString(0, sb.Length - 1);
    }

    /// <summary>The position after the opening quote of a <c>key: "value</c> line, or -1.</summary>
    private static int FindQuotedValue(string line, out char quote)
    {
        quote = '\0';
        string trimmed = line.TrimStart();
        if (trimmed.StartsWith('#')) return -1;
        int at = line.IndexOf(": ", StringComparison.Ordinal);
        if (at < 0) return -1;
        int v = at + 2;
        while (v < line.Length && line[v] == ' ') v++;
        if (v >= line.Length || line[v] is not ('"' or '\'')) return -1;
        quote = line[v];
        return v + 1;
    }

    /// <summary>Whether the quoted scalar closes on this line (from <paramref name="from"/>).</summary>
    private static bool Closes(string line, int from, char quote)
    {
        for (int i = from; i < line.Length; i++)
        {
            if (quote == '"' && line[i] == '\\') { i++; continue; }
            if (line[i] != quote) continue;
            if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'') { i++; continue; }
            return true;
        }
        return false;
    }
}
