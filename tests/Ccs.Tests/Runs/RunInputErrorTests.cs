using Ccs.Caching;
using Ccs.Data;
using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Checkpoints;
using Ccs.Tests.Cli;

namespace Ccs.Tests.Runs;

/// <summary>Inputs a run cannot use: each is refused before any fitting, with one line naming the dataset.</summary>
public class RunInputErrorTests
{
    private const string Eigen = "elicit all-MiniLM-L6-v2 --net eigen --max_examples 20 20 --layers 0 3";

    [Fact]
    public void A_split_with_one_class_is_refused()
    {
        using var temp = new TempFolder();
        string message = RunHarness.BadInput(() => RunHarness.Elicit($"{Eigen.Replace("--net", "imdb --net")} --out_dir {temp.File("run")}",
            source: data => new ReferenceHiddenStates(data)
            {
                Tweak = split => split.Role == SplitRole.Train ? split with { Examples = [.. split.Examples.Select(e => e with { Label = 1 })] } : split,
            }));
        Assert.Equal("imdb (train split): all 20 examples have label 1; reporters and metrics need examples of both classes", message);
        Assert.False(Directory.Exists(temp.File("run")));
    }

    [Fact]
    public void Datasets_extracted_at_different_layers_are_refused()
    {
        using var temp = new TempFolder();
        string message = RunHarness.BadInput(() => RunHarness.Elicit($"{Eigen.Replace("--net", "imdb other --net")} --out_dir {temp.File("run")}",
            source: data => new ReferenceHiddenStates(data)
            {
                Tweak = split => split.Dataset == "other" ? DropLayer(split, 0) : split,
            }));
        Assert.Equal("other (train split) has layers 3 but imdb (test split) has 0, 3; all datasets must be extracted at the same layers", message);
    }

    [Fact]
    public void Ccs_with_two_datasets_is_refused_by_the_run_too()
    {
        // The command line rejects it already; a sweep or another caller building options must get the same answer.
        var options = CliHarness.Parse<ElicitOptions>("elicit all-MiniLM-L6-v2 imdb --net ccs");
        options = options with { Data = options.Data with { Datasets = ValueList.Of("imdb", "other") } };
        string message = RunHarness.BadInput(() => ElicitRun.RunAsync(options, new CcsConsole(TextWriter.Null, TextWriter.Null, false),
            new ReferenceHiddenStates(options.Data), CancellationToken.None).GetAwaiter().GetResult());
        Assert.StartsWith("--net ccs trains on one dataset at a time, but 2 were given", message);
    }

    [Fact]
    public void A_prompt_index_beyond_the_templates_is_refused()
    {
        string message = RunHarness.BadInput(() => RunHarness.Elicit($"{Eigen.Replace("--net", "imdb --net")} --prompt_indices 0 -14"));
        Assert.Equal("--prompt_indices: index -14 is out of range for imdb, which has 13 templates", message);
    }

    private static ExtractedSplit DropLayer(ExtractedSplit split, int layer) => split with
    {
        Shape = split.Shape with { Layers = [.. split.Shape.Layers.Where(l => l != layer)] },
        Examples = [.. split.Examples.Select(e => e with { Hidden = e.Hidden.Where(kv => kv.Key != layer).ToDictionary() })],
    };
}
