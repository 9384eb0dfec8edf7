using Ccs.Caching;
using Ccs.Data;
using Ccs.Metrics;
using static TorchSharp.torch;

namespace Ccs.Runs;

/// <summary>The extracted splits of one dataset: train (elicit only) and validation, after <c>--prompt_indices</c>.</summary>
public sealed record RunDataset(string Dataset, ExtractedSplit? Train, ExtractedSplit Validation)
{
    public IEnumerable<ExtractedSplit> All => Train is null ? [Validation] : [Train, Validation];
}

/// <summary>
/// Loads the splits a run needs from a <see cref="IHiddenStateSource"/>, applies <c>--prompt_indices</c> and checks
/// that the datasets fit together: the same layers, hidden size and two choices everywhere, and both classes in
/// every split. Each problem is one line naming the dataset.
/// </summary>
public static class RunInputs
{
    public static async Task<IReadOnlyList<RunDataset>> LoadAsync(IHiddenStateSource source, IReadOnlyList<string> datasets,
        bool withTrain, IReadOnlyList<int> promptIndices, CancellationToken cancellationToken)
    {
        var result = new List<RunDataset>();
        foreach (string dataset in datasets)
        {
            ExtractedSplit? train = withTrain ? await LoadOne(source, dataset, SplitRole.Train, promptIndices, cancellationToken) : null;
            ExtractedSplit val = await LoadOne(source, dataset, SplitRole.Validation, promptIndices, cancellationToken);
            result.Add(new RunDataset(dataset, train, val));
        }
        Check(result);
        return result;
    }

    /// <summary>The layers every split holds, ascending.</summary>
    public static IReadOnlyList<int> Layers(IReadOnlyList<RunDataset> datasets) => [.. datasets[0].Validation.Shape.Layers.Order()];

    private static async Task<ExtractedSplit> LoadOne(IHiddenStateSource source, string dataset, SplitRole role,
        IReadOnlyList<int> promptIndices, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ExtractedSplit split = await source.LoadAsync(dataset, role, cancellationToken);
        return PromptSelection.Apply(split, promptIndices);
    }

    private static void Check(IReadOnlyList<RunDataset> datasets)
    {
        ExtractedSplit first = datasets[0].Validation;
        if (first.Shape.Layers.Count == 0)
            throw new CcsException(ExitCode.BadInput, $"{first.Dataset} ({first.SplitName} split): no layers were extracted");
        string firstLayers = LayerList(first);
        foreach (ExtractedSplit split in datasets.SelectMany(d => d.All))
        {
            string where = $"{split.Dataset} ({split.SplitName} split)";
            if (split.Examples.Count == 0)
                // The balanced sampler (spec 3.6) emits rows only while every class has one waiting, so a split of one
                // class yields nothing: name that cause with the others instead of leaving the user to guess.
                throw new CcsException(ExitCode.BadInput,
                    $"{where}: no examples were extracted: the split is empty, every example is longer than the model accepts, or (with --balance, the default) all its rows have one label; reporters and metrics need examples of both classes");
            if (LayerList(split) != firstLayers)
                throw new CcsException(ExitCode.BadInput,
                    $"{where} has layers {LayerList(split)} but {first.Dataset} ({first.SplitName} split) has {firstLayers}; all datasets must be extracted at the same layers");
            if (split.Shape.HiddenSize != first.Shape.HiddenSize)
                throw new CcsException(ExitCode.BadInput,
                    $"{where} has hidden size {split.Shape.HiddenSize} but {first.Dataset} has {first.Shape.HiddenSize}; all datasets must have the same hidden state size");
            if (split.Shape.Choices != 2)
                throw new CcsException(ExitCode.BadInput,
                    $"{where} has {split.Shape.Choices} choices per question; reporters and metrics need two: pass --binarize");
            long[] classes = [.. split.Examples.Select(e => e.Label).Distinct()];
            if (classes.Length < 2)
                throw new CcsException(ExitCode.BadInput,
                    $"{where}: all {split.Examples.Count} examples have label {classes[0]}; reporters and metrics need examples of both classes");
        }
    }

    private static string LayerList(ExtractedSplit split) =>
        split.Shape.Layers.Count == 0 ? "(none)" : string.Join(", ", split.Shape.Layers.Order());

    /// <summary>The hidden states of one layer as float32 <c>(n, v, k, d)</c>.</summary>
    public static Tensor Hiddens(ExtractedSplit split, int layer)
    {
        var (n, v, k, d) = (split.Examples.Count, split.Shape.Variants, split.Shape.Choices, split.Shape.HiddenSize);
        int size = v * k * d;
        var values = new float[(long)n * size];
        for (int i = 0; i < n; i++)
        {
            if (!split.Examples[i].Hidden.TryGetValue(layer, out float[]? row) || row.Length != size)
                throw new CcsException(ExitCode.BadInput, $"{split.Dataset} ({split.SplitName} split): example {split.Examples[i].RowId} lacks layer {layer}");
            Array.Copy(row, 0, values, (long)i * size, size);
        }
        return tensor(values, [n, v, k, d]);
    }

    public static int[] Labels(ExtractedSplit split) => [.. split.Examples.Select(e => (int)e.Label)];

    public static Tensor LabelTensor(ExtractedSplit split) => tensor(split.Examples.Select(e => e.Label).ToArray());

    /// <summary>The LM's answer log-odds <c>(n, v, k)</c>, or null for models without an LM head.</summary>
    public static ScoreGrid? LmScores(ExtractedSplit split)
    {
        if (!split.Shape.HasLmLogOdds) return null;
        float[] values = [.. split.Examples.SelectMany(e => e.LmLogOdds!)];
        return new ScoreGrid(values, split.Examples.Count, split.Shape.Variants, split.Shape.Choices);
    }
}
