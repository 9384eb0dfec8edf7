using System.Globalization;
using System.Text;

namespace Ccs.Runs;

/// <summary>
/// <c>--debug</c>: <c>debug.log</c> in the run folder (spec 9.3; the original's ccs/debug_logging.py,
/// <c>save_debug_log</c>, called from <c>Run.apply_to_layers</c> after the CSVs). Per dataset: the train and validation
/// sizes and, for the first validation example, every template's two questions labelled <c>true</c>/<c>false</c> by the
/// example's label, with a warning when a question ends in whitespace (with <c>--token_loc last</c> the state would then
/// be read at the whitespace token). Records are laid out as Python's <c>logging</c> with the original's format
/// <c>%(asctime)s %(levelname)s:\n%(message)s</c>. Unlike the original, the texts follow <c>--prompt_indices</c> (10.B5).
/// </summary>
public static class DebugLog
{
    public const string FileName = "debug.log";

    public static void Write(string outDir, IReadOnlyList<RunDataset> datasets)
    {
        var log = new StringBuilder();
        foreach (RunDataset d in datasets)
        {
            Record(log, "INFO", $"=========================================\nDataset: {d.Dataset}\n=========================================");
            ExtractedSplit val = d.Validation;
            if (val.Examples.Count == 0)
            {
                Record(log, "WARNING", $"Val split '{val.SplitName}' is empty!");
                continue;
            }
            if (d.Train is not null) Record(log, "INFO", $"Train size: {d.Train.Examples.Count}");
            Record(log, "INFO", $"Val size: {val.Examples.Count}");

            var first = val.Examples[0];
            var templates = new StringBuilder($"{first.Texts.Count} templates used:\n");
            bool trailingWhitespace = false;
            for (int t = 0; t < first.Texts.Count; t++)
            {
                // Choice j is the template rendered with pseudo-label j, so choice 1 is the true one when the label is 1.
                string text0 = first.Texts[t][0], text1 = first.Texts[t][1];
                templates.Append($"***---TEMPLATE \"{first.VariantIds[t]}\"---***\n")
                    .Append($"{(first.Label != 0 ? "false" : "true")}:\n\"\"\"{text0}\"\"\"\n")
                    .Append($"{(first.Label != 0 ? "true" : "false")}:\n\"\"\"{text1}\"\"\"\n\n\n");
                trailingWhitespace |= EndsInWhitespace(text0) || EndsInWhitespace(text1);
            }
            if (trailingWhitespace)
                Record(log, "WARNING", "Some inputs to the model have trailing whitespace! Check that the jinja templates are not adding "
                    + "trailing whitespace. If `token_loc` is 'last', this will extract hidden states from the whitespace token.");
            Record(log, "INFO", templates.ToString());
        }
        File.WriteAllText(Path.Combine(outDir, FileName), log.ToString());
    }

    private static bool EndsInWhitespace(string text) => text.Length > 0 && char.IsWhiteSpace(text[^1]);

    /// <summary>One record as Python's logging formats it: <c>2024-01-31 12:00:00,123 INFO:</c> then the message.</summary>
    private static void Record(StringBuilder log, string level, string message) =>
        log.Append(DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture))
            .Append(' ').Append(level).Append(":\n").Append(message).Append('\n');
}
