using System.Text.Json;

namespace Ccs.Hub;

/// <summary>A model's files on disk: a local folder, or a snapshot folder of the hub cache.</summary>
/// <param name="Repo">The hub repository, null for a local folder.</param>
/// <param name="Commit">The snapshot's commit, null for a local folder.</param>
public sealed record ModelFolder(string Path, HubRepo? Repo, string? Commit);

/// <summary>
/// Turns the MODEL argument into a folder holding its files. As transformers' <c>from_pretrained</c>, an existing
/// folder wins; anything else is a hub id (<c>gpt2</c>, <c>org/name</c>, optionally <c>@revision</c>) whose
/// config, tokenizer and weight files are taken from the cache or downloaded into it.
/// </summary>
public static class ModelLocator
{
    /// <summary>Fetched when the repository has them (the files transformers' auto classes read).</summary>
    private static readonly string[] OptionalFiles =
    [
        "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
        "vocab.json", "merges.txt", "vocab.txt", "spiece.model", "tokenizer.model", "sentencepiece.bpe.model", "spm.model",
    ];

    /// <summary>Weights in transformers' order of preference: safetensors before pickles, one file before shards.</summary>
    private static readonly string[] WeightFiles =
        ["model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json"];

    public static async Task<ModelFolder> LocateAsync(string argument, HubFiles hub, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentNullException.ThrowIfNull(hub);
        if (Directory.Exists(argument)) return new ModelFolder(Path.GetFullPath(argument), null, null);

        var (id, revision) = HubRepo.SplitRevision(argument);
        if (!HubRepo.IsValidId(id) || revision.Length == 0)
            throw new CcsException(ExitCode.BadInput,
                File.Exists(argument) ? $"model '{argument}' is a file; give the folder that holds config.json and the weights"
                : $"model '{argument}' is neither an existing folder nor a Hugging Face hub id (name, org/name, org/name@revision)");

        var repo = new HubRepo(RepoKind.Model, id);
        if (HubRepo.IsCommitHash(revision) && hub.Cache.SnapshotFiles(repo, revision).Count > 0)
        {
            // A commit never changes: a complete cached snapshot needs no network (as hf_hub_download's shortcut).
            try
            {
                return await FetchCheckpointAsync(hub, hub.Cached(repo, revision, revision), cancellationToken);
            }
            catch (CcsException) when (!hub.Offline)
            {
                // incomplete: ask the hub below
            }
        }
        return await FetchCheckpointAsync(hub, await hub.OpenAsync(repo, revision, cancellationToken), cancellationToken);
    }

    private static async Task<ModelFolder> FetchCheckpointAsync(HubFiles hub, HubSnapshot snapshot, CancellationToken cancellationToken)
    {
        HubRepo repo = snapshot.Repo;
        if (snapshot.Online && !snapshot.Contains("config.json"))
            throw new CcsException(ExitCode.BadInput, $"{repo.Describe()} has no config.json at revision '{snapshot.Revision}': it is not a transformers checkpoint");
        await hub.GetFileAsync(snapshot, "config.json", cancellationToken);

        foreach (string optional in OptionalFiles.Where(snapshot.Contains))
            await hub.GetFileAsync(snapshot, optional, cancellationToken);

        string weights = WeightFiles.FirstOrDefault(snapshot.Contains)
            ?? (snapshot.Online
                ? throw new CcsException(ExitCode.BadInput, $"{repo.Describe()} has no weights at revision '{snapshot.Revision}' (none of {string.Join(", ", WeightFiles)})")
                : WeightFiles[0]);
        string weightsPath = await hub.GetFileAsync(snapshot, weights, cancellationToken);
        if (weights.EndsWith(".index.json", StringComparison.Ordinal))
        {
            foreach (string shard in ShardsOf(weightsPath, repo))
                await hub.GetFileAsync(snapshot, shard, cancellationToken);
        }
        return new ModelFolder(snapshot.Folder, repo, snapshot.Commit);
    }

    /// <summary>The distinct shard files named by an index's <c>weight_map</c>, in order of first mention.</summary>
    internal static IReadOnlyList<string> ShardsOf(string indexPath, HubRepo repo)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(indexPath));
            return [.. doc.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => p.Value.GetString()!).Distinct()];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CcsException(ExitCode.BadInput, $"{indexPath} of {repo.Describe()} is not a weight index with a weight_map ({e.Message})", e);
        }
    }
}
