using System.Text.Json;
using System.Text.RegularExpressions;
using Ccs.Tests.Checkpoints;
using Ccs.Tests.Support;

namespace Ccs.Tests.Runs;

/// <summary><c>--debug</c> writes <c>debug.log</c> as the original's ccs/debug_logging.py lays it out.</summary>
public partial class DebugLogTests
{
    private const string Eigen = "elicit all-MiniLM-L6-v2 imdb --net eigen --max_examples 20 30 --layers 3";

    [Fact]
    public void Debug_log_names_split_sizes_and_the_first_validation_examples_questions_by_truth()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, RunHarness.Elicit($"{Eigen} --out_dir {temp.File("plain")}").Code);
        Assert.False(File.Exists(Path.Combine(temp.File("plain"), "debug.log")));

        Assert.Equal(0, RunHarness.Elicit($"{Eigen} --debug --out_dir {temp.File("run")}").Code);
        string log = File.ReadAllText(Path.Combine(temp.File("run"), "debug.log"));

        // The first validation example and the template names, from the reference set's own metadata.
        using var meta = JsonDocument.Parse(File.ReadAllText(SharedMaterial.Path("reporter-reference", "hiddens", "imdb-minilm-seed42", "meta.json")));
        JsonElement val = meta.RootElement.GetProperty("splits").GetProperty("val");
        long rowId = val.GetProperty("row_id")[0].GetInt64();
        int label = val.GetProperty("label")[0].GetInt32();
        string[] templates = [.. meta.RootElement.GetProperty("variant_ids").EnumerateArray().Select(e => e.GetString()!)];

        Assert.Matches(RecordHeader(), log.Split('\n')[0]);
        Assert.Contains("INFO:\n=========================================\nDataset: imdb\n=========================================\n", log);
        Assert.Contains("INFO:\nTrain size: 20\n", log);
        Assert.Contains("INFO:\nVal size: 30\n", log);
        Assert.Contains($"INFO:\n{templates.Length} templates used:\n", log);
        for (int t = 0; t < templates.Length; t++)
        {
            string text0 = $"imdb row {rowId} template {t} answer 0", text1 = $"imdb row {rowId} template {t} answer 1";
            (string first, string second) = label == 1 ? ("false", "true") : ("true", "false");
            Assert.Contains($"***---TEMPLATE \"{templates[t]}\"---***\n{first}:\n\"\"\"{text0}\"\"\"\n{second}:\n\"\"\"{text1}\"\"\"\n\n\n", log);
        }
        Assert.DoesNotContain("WARNING", log);
    }

    [Fact]
    public void Questions_ending_in_whitespace_are_warned_about_and_eval_writes_its_own_log()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, RunHarness.Elicit($"{Eigen} --out_dir {temp.File("run")}").Code);
        Assert.Equal(0, RunHarness.Eval($"eval {temp.File("run")} all-MiniLM-L6-v2 imdb --max_examples 20 30 --layers 3 --debug", source: data =>
            new ReferenceHiddenStates(data)
            {
                Tweak = split => split with
                {
                    Examples = [.. split.Examples.Select(e => e with { Texts = [.. e.Texts.Select(pair => (IReadOnlyList<string>)[.. pair.Select(q => q + "\n")])] })],
                },
            }).Code);
        string log = File.ReadAllText(Path.Combine(temp.File("run"), "transfer", "imdb", "debug.log"));
        Assert.Contains("WARNING:\nSome inputs to the model have trailing whitespace!", log);
        Assert.DoesNotContain("Train size", log);   // eval has no training split
        Assert.Contains("INFO:\nVal size: 30\n", log);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO:$")]
    private static partial Regex RecordHeader();
}
