using System.Collections.Immutable;
using Ccs.Data;
using Ccs.Hub;

namespace Ccs.Pipeline;

/// <summary>
/// Opens a dataset argument (spec 3.1): a local file or folder as it is, anything else as a Hugging Face hub
/// dataset whose files <see cref="DatasetLocator"/> finds in (or downloads into) the hub cache, the way the
/// original's <c>load_dataset(NAME, CONFIG)</c> does.
/// </summary>
public static class DatasetSource
{
    public static async Task<Dataset> OpenAsync(DatasetSpec spec, HubSettings hub, Runs.CcsConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.IsLocal) return Dataset.OpenLocal(spec);
        using var files = new HubFiles(hub, DownloadProgress.ForConsole(), console.Warn);
        DatasetLocation location = await DatasetLocator.LocateAsync(spec.Text, files, cancellationToken);
        return location switch
        {
            HubDataset found => new Dataset(spec, FilesOf(found)),
            LocalDataset local => Dataset.OpenLocal(spec with { LocalPath = local.Path, Config = local.Config }),
            _ => throw new InvalidOperationException($"unexpected dataset location {location}"),
        };
    }

    private static DatasetFiles FilesOf(HubDataset found)
    {
        var splits = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (DatasetSplit split in found.Splits)
            splits[split.Name] = splits.TryGetValue(split.Name, out var earlier) ? earlier.AddRange(split.Files) : [.. split.Files];
        return new DatasetFiles(splits.ToImmutable());
    }
}
