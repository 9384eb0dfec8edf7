using System.Collections.Immutable;
using Ccs.Data;
using Ccs.Hub;
using Ccs.Prompts;
using Ccs.Runs;

namespace Ccs.Extraction;

/// <summary>
/// The prompted examples of one dataset for <c>ccs extract</c>: the dataset's files, its templates
/// (<c>--template_path</c>, rendered with the original's rules) and, per split role, the example stream of
/// <see cref="ExampleStream"/>. Minimal on purpose, until the pipeline's own entry point takes its place.
/// </summary>
public sealed class ExampleSource
{
    private readonly Dataset _dataset;
    private readonly PromptTemplates _templates;
    private readonly ExampleOptions _options;
    private readonly CcsConsole _console;

    private ExampleSource(Dataset dataset, PromptTemplates templates, string templateFile, ExampleOptions options, CcsConsole console)
    {
        _dataset = dataset;
        _templates = templates;
        TemplateFile = templateFile;
        _options = options;
        _console = console;
    }

    public string Spec => _dataset.Spec.Text;
    public string TemplateFile { get; }

    /// <summary>Every file the examples are read from (for the cache key).</summary>
    public IReadOnlyList<string> DataFiles =>
        [.. _dataset.Files.Splits.Values.SelectMany(f => f), .. _dataset.Files.FeaturesFile is { } info ? [info] : Array.Empty<string>()];

    public static async Task<ExampleSource> OpenAsync(string datasetArgument, Options.ExtractOptions options, HubFiles hub,
        CcsConsole console, CancellationToken cancellationToken)
    {
        var spec = DatasetSpec.Parse(datasetArgument);
        Dataset dataset = spec.IsLocal ? Dataset.OpenLocal(spec) : await OpenHubAsync(spec, hub, cancellationToken);
        if (options.TemplatePath is null)
            throw new CcsException(ExitCode.BadInput,
                $"{datasetArgument}: this version of ccs extract has no built-in templates; give the templates.yaml with --template_path");
        string file = TemplateLocator.Resolve(Directory.GetCurrentDirectory(), datasetArgument, options.TemplatePath);
        TemplateFile loaded = TemplateFileLoader.Load(file);
        if (loaded.NonMultipleChoiceCount > 0) console.Out.WriteLine($"Dropping {loaded.NonMultipleChoiceCount} non-multiple choice templates");
        var templates = loaded.MultipleChoiceByName()
            .Select(t => (IPromptTemplate)new RenderedTemplate(new TemplateRenderer(file, t, RenderRules.Original, new Random(0))))
            .ToList();
        return new ExampleSource(dataset, new PromptTemplates(templates, loaded.LabelColumn, loaded.Binarize), file,
            ExampleOptions.From(options), console);
    }

    /// <summary>The examples of one split, built (split chosen, messages printed) on first use.</summary>
    public Func<IEnumerable<PromptedExample>> Examples(SplitRole role)
    {
        var stream = new Lazy<ExampleStream>(() => ExampleStream.Open(_dataset, role, _templates, _options, _console));
        return () => stream.Value.Examples;
    }

    private static async Task<Dataset> OpenHubAsync(DatasetSpec spec, HubFiles hub, CancellationToken cancellationToken)
    {
        var located = (HubDataset)await DatasetLocator.LocateAsync(spec.Text, hub, cancellationToken);
        var splits = located.Splits.ToImmutableSortedDictionary(s => s.Name, s => s.Files.ToImmutableArray(), StringComparer.Ordinal);
        return new Dataset(spec, new DatasetFiles(splits));
    }

    /// <summary>A template file's template as example building uses it: the question and answer parts.</summary>
    private sealed class RenderedTemplate(TemplateRenderer renderer) : IPromptTemplate
    {
        public string Name => renderer.Template.Name;

        public PromptText Apply(IReadOnlyDictionary<string, object?> example)
        {
            var (question, answer) = ContrastPrompts.QuestionAnswer(renderer, example);
            return new PromptText(question, answer);
        }
    }
}
