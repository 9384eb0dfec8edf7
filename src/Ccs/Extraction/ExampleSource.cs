using System.Security.Cryptography;
using System.Text;
using Ccs.Data;
using Ccs.Hub;
using Ccs.Pipeline;
using Ccs.Runs;

namespace Ccs.Extraction;

/// <summary>
/// The prompted examples of one dataset for extraction: the pipeline's <see cref="PromptedDataset"/> (dataset files,
/// built-in or <c>--template_path</c> templates) plus what the cache key needs from it.
/// </summary>
public sealed class ExampleSource
{
    private readonly PromptedDataset _prompted;
    private readonly ExampleOptions _options;
    private readonly CcsConsole _console;

    private ExampleSource(PromptedDataset prompted, ExampleOptions options, CcsConsole console)
    {
        _prompted = prompted;
        _options = options;
        _console = console;
        TemplatesSha256 = HashTemplates(prompted.Templates);
    }

    public string Spec => _prompted.Spec.Text;

    /// <summary>SHA-256 of every template's name, Jinja and answer choices and the file's settings: editing a
    /// template re-extracts (the original's cache ignored such edits, 10.B27).</summary>
    public string TemplatesSha256 { get; }

    /// <summary>Every file the examples are read from (for the cache key).</summary>
    public IReadOnlyList<string> DataFiles =>
        [.. _prompted.Dataset.Files.Splits.Values.SelectMany(f => f), .. _prompted.Dataset.Files.FeaturesFile is { } info ? [info] : Array.Empty<string>()];

    public static async Task<ExampleSource> OpenAsync(string datasetArgument, Options.ExtractOptions options, HubSettings hub,
        CcsConsole console, CancellationToken cancellationToken)
    {
        var prompted = await PromptedDataset.OpenAsync(datasetArgument, options.TemplatePath,
            new DataSources(hub, TemplateSource.Default), console, cancellationToken);
        if (prompted.Templates.Dropped > 0) console.Out.WriteLine($"Dropping {prompted.Templates.Dropped} non-multiple choice templates");
        return new ExampleSource(prompted, ExampleOptions.From(options), console);
    }

    /// <summary>The examples of one split, built (split chosen, messages printed) on first use.</summary>
    public Func<IEnumerable<PromptedExample>> Examples(SplitRole role)
    {
        var stream = new Lazy<ExampleStream>(() => _prompted.Stream(role, _options, _console));
        return () => stream.Value.Examples;
    }

    private static string HashTemplates(DatasetTemplates templates)
    {
        var text = new StringBuilder();
        text.Append(templates.File.LabelColumn).Append('\0').Append(templates.File.Binarize).Append('\0');
        foreach (var t in templates.File.MultipleChoiceByName())
            text.Append(t.Name).Append('\0').Append(t.Jinja).Append('\0').Append(t.AnswerChoices).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
