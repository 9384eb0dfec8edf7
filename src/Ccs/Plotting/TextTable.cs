using System.Text;

namespace Ccs.Plotting;

/// <summary>A plain text table with ruled rows (the original printed its tables with rich's <c>show_lines=True</c>).</summary>
public static class TextTable
{
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((title, i) => rows.Select(row => row[i].Length).Append(title.Length).Max()).ToList();
        string rule = "+" + string.Join("+", widths.Select(width => new string('-', width + 2))) + "+\n";
        var text = new StringBuilder(rule);
        Line(text, header, widths);
        text.Append(rule.Replace('-', '='));
        foreach (var row in rows)
        {
            Line(text, row, widths);
            text.Append(rule);
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        text.Append('|');
        for (int i = 0; i < widths.Count; i++)
            text.Append(' ').Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        text.Append('\n');
    }
}
