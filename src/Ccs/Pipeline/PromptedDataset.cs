using Ccs.Data;
using Ccs.Hub;
using Ccs.Runs;

namespace Ccs.Pipeline;

/// <summary>Where datasets and their templates are found: the hub cache settings and the template source.</summary>
public sealed record DataSources(HubSettings Hub, TemplateSource Templates)
{
    /// <summary>The hub as the environment configures it (<c>HF_HUB_CACHE</c>, <c>HF_HUB_OFFLINE</c>, …), the tool's templates.</summary>
    public static DataSources FromEnvironment() => new(HubSettings.FromEnvironment(), TemplateSource.Default);
}

/// <summary>
/// A dataset argument with the templates its prompts are rendered from: the way from the command line's data
/// options (dataset, <c>--template_path</c>, <c>--binarize</c>, <c>--num_shots</c>, data seed, <c>--balance</c>) to the
/// examples of a split, as the original's <c>load_prompts</c> (<c>ccs/extraction/prompt_loading.py</c>).
/// </summary>
public sealed class PromptedDataset
{
    private PromptedDataset(Dataset dataset, DatasetTemplates templates)
    {
        Dataset = dataset;
        Templates = templates;
    }

    public Dataset Dataset { get; }
    public DatasetTemplates Templates { get; }
    public DatasetSpec Spec => Dataset.Spec;

    /// <summary>
    /// Loads the templates first (a missing or broken template file fails before any data is read or downloaded),
    /// then locates the dataset's files.
    /// </summary>
    public static async Task<PromptedDataset> OpenAsync(string datasetArgument, string? templatePath, DataSources sources, CcsConsole console,
                                                        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        DatasetSpec spec = DatasetSpec.Parse(datasetArgument);
        DatasetTemplates templates = sources.Templates.Load(spec, templatePath);
        Dataset dataset = await DatasetSource.OpenAsync(spec, sources.Hub, console, cancellationToken);
        return new PromptedDataset(dataset, templates);
    }

    /// <summary>The examples of the training or validation split (printing which split is used).</summary>
    public ExampleStream Stream(SplitRole role, ExampleOptions options, CcsConsole console)
    {
        RequireRows();
        ExampleStream stream = ExampleStream.Open(Dataset, role, Templates.ForExamples, options, console);
        Templates.CheckFields(Spec, stream.Split.Rows.Columns);
        return stream;
    }

    /// <summary>An empty dataset fails with that, not with a confusing complaint about its (absent) columns.</summary>
    private void RequireRows()
    {
        IReadOnlyList<string> splits = SplitSelection.Sorted(Dataset.SplitNames);
        if (splits.Count == 0 || splits.Any(s => Dataset.Split(s).Count > 0)) return;
        throw new CcsException(ExitCode.BadInput, $"{Spec}: the dataset has no rows (splits: {string.Join(", ", splits)})");
    }
}
