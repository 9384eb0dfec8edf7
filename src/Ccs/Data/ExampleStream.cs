using System.Collections.Immutable;

namespace Ccs.Data;

/// <summary>The data options of an extraction (spec 2.5.1) that decide which examples are built and how.</summary>
public sealed record ExampleOptions(bool Binarize, int NumShots, long Seed, bool Balance)
{
    public static ExampleOptions From(Options.ExtractOptions options) =>
        new(options.Binarize, options.NumShots, options.Seed, options.Balance);
}

/// <summary>
/// The examples of one split of one dataset, in the order extraction reads them: the original's
/// <c>load_prompts</c> (<c>ccs/extraction/prompt_loading.py</c>) for a single process. Enumerating
/// <see cref="Examples"/> starts afresh each time (new <c>random.Random(seed)</c>, new few-shot sampler), so
/// every enumeration yields the same examples.
/// </summary>
public sealed class ExampleStream
{
    private readonly Dataset _dataset;
    private readonly DatasetSplits _splits;
    private readonly SplitChoice _split;
    private readonly PromptTemplates _templates;
    private readonly ExampleOptions _options;
    private readonly ImmutableArray<object> _choices;

    private ExampleStream(Dataset dataset, DatasetSplits splits, SplitRole role, PromptTemplates templates, ExampleOptions options)
    {
        _dataset = dataset;
        _splits = splits;
        _split = role == SplitRole.Train ? splits.Train : splits.Validation;
        _templates = templates;
        _options = options;
        Labels = new LabelSpace(dataset.Spec, splits.Label, options.Binarize || templates.Binarize);
        _choices = Labels.Choices(_split.Rows);
        TemplateNames = [.. templates.Templates.Select(t => t.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>Selects the split (printing which) and prepares its examples.</summary>
    public static ExampleStream Open(Dataset dataset, SplitRole role, PromptTemplates templates, ExampleOptions options, Runs.CcsConsole console)
    {
        if (templates.Templates.Count == 0) throw new CcsException(ExitCode.BadInput, $"{dataset.Spec}: No multiple choice templates found");
        if (options.Seed < 0) throw new CcsException(ExitCode.BadInput, $"{dataset.Spec}: the data seed must be non-negative, got {options.Seed}");
        DatasetSplits splits = SplitSelection.Select(dataset, templates.LabelColumn, options.Seed, role, console);
        var stream = new ExampleStream(dataset, splits, role, templates, options);
        _ = stream.Labels.NumClasses; // fails early for labels that cannot be counted
        if (stream.Labels.Column.Kind == LabelKind.Other)
            console.Out.WriteLine($"Using the following pseudo-labels: [{string.Join(", ", stream._choices.Select(PythonValues.Repr))}]");
        return stream;
    }

    public LabelSpace Labels { get; }
    public SplitChoice Split => _split;
    public ImmutableArray<string> TemplateNames { get; }

    /// <summary>The shuffled (and balanced) rows, before prompts are built.</summary>
    public IEnumerable<Row> Rows => BalancedSampler.Stream(_split.Rows, Labels, _choices, _options.Balance, _options.Seed);

    public IEnumerable<PromptedExample> Examples
    {
        get
        {
            var rng = new PythonRandom(_options.Seed);
            using IEnumerator<IReadOnlyList<Row>>? fewShot = _options.NumShots > 0 ? FewShotBatches(rng).GetEnumerator() : null;
            var builder = new PromptBuilder(_dataset.Spec, _templates.Templates, Labels.Column.Name, Labels.Binarize, rng, fewShot);
            foreach (Row row in Rows) yield return builder.Build(row, _choices);
        }
    }

    /// <summary>Demonstrations come from the raw train split, shuffled with the data seed; its label column is the inferred one.</summary>
    private IEnumerable<IReadOnlyList<Row>> FewShotBatches(PythonRandom rng)
    {
        Table train = _splits.Train.Raw;
        string labelColumn = LabelColumn.Find(_dataset.Spec, train, templateLabelColumn: null).Name;
        var shuffled = BalancedSampler.Shuffled(train, _options.Seed).ToList();
        return new FewShotSampler(_dataset.Spec, shuffled, labelColumn, _options.NumShots, rng).Batches();
    }
}

/// <summary><c>--max_examples</c> (spec 3.7): the first <c>limit</c> examples that extraction keeps.</summary>
public static class ExampleLimit
{
    /// <summary>
    /// Yields examples until <paramref name="limit"/> have passed <paramref name="keep"/> (inputs too long for the
    /// model do not); rejected ones are reported to <paramref name="skipped"/> and do not count.
    /// </summary>
    public static IEnumerable<T> TakeKept<T>(this IEnumerable<T> examples, int limit, Func<T, bool> keep, Action<T>? skipped = null)
    {
        if (limit <= 0) yield break;
        int kept = 0;
        foreach (T example in examples)
        {
            if (!keep(example)) { skipped?.Invoke(example); continue; }
            yield return example;
            if (++kept == limit) yield break;
        }
    }
}
