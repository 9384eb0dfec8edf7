using Ccs.Data;
using Ccs.Runs;

namespace Ccs.Pipeline;

/// <summary>Runs <c>ccs prompts</c>: the first examples of a split's stream, every template's contrast pair.</summary>
public static class PromptsRun
{
    public static Task<int> RunAsync(PromptsOptions options, CcsConsole console, CancellationToken cancellationToken) =>
        RunAsync(options, DataSources.FromEnvironment(), console, cancellationToken);

    public static async Task<int> RunAsync(PromptsOptions options, DataSources sources, CcsConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        PromptedDataset dataset = await PromptedDataset.OpenAsync(options.Dataset, options.TemplatePath, sources, console, cancellationToken);
        DatasetTemplates templates = dataset.Templates;
        console.Out.WriteLine($"{templates.ForExamples.Templates.Count} templates from {templates.File.Path}"
            + (templates.Dropped > 0 ? $" ({templates.Dropped} without answer choices dropped)" : ""));
        ExampleStream stream = dataset.Stream(options.Split, options.Examples, console);

        var printer = new ContrastPairPrinter(console.Out);
        int shown = 0;
        foreach (PromptedExample example in stream.Examples.Take(options.Count))
        {
            cancellationToken.ThrowIfCancellationRequested();
            printer.Write(example, ++shown, options.Count);
        }
        if (shown == 0 && options.Count > 0)
            throw new CcsException(ExitCode.BadInput, $"{dataset.Spec}: {stream.Split.Description} yields no examples"
                + (options.Balance ? " (balancing needs every class present; try --nobalance)" : ""));
        return ExitCode.Success;
    }
}
