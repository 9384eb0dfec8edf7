using System.Text.RegularExpressions;

namespace Ccs.Hub;

/// <summary>The two kinds of hub repository ccs reads.</summary>
public enum RepoKind { Model, Dataset }

/// <summary>
/// A repository on the hub: <c>gpt2</c>, <c>org/name</c>. Mirrors huggingface_hub's naming:
/// <c>repo_folder_name</c> (file_download.py) for the cache folder and <c>hf_hub_url</c> for file URLs.
/// </summary>
public sealed partial record HubRepo(RepoKind Kind, string Id)
{
    public const string DefaultRevision = "main";

    /// <summary>What the user calls it in messages: <c>model 'gpt2'</c>, <c>dataset 'imdb'</c>.</summary>
    public string Describe() => $"{(Kind == RepoKind.Model ? "model" : "dataset")} '{Id}'";

    /// <summary><c>models--org--name</c> / <c>datasets--org--name</c>.</summary>
    public string CacheFolderName => string.Join("--", [Kind == RepoKind.Model ? "models" : "datasets", .. Id.Split('/')]);

    /// <summary>The path part of hub URLs: <c>org/name</c> for models, <c>datasets/org/name</c> for datasets.</summary>
    public string UrlPath => Kind == RepoKind.Model ? Id : "datasets/" + Id;

    /// <summary>The API collection: <c>api/models/org/name</c> / <c>api/datasets/org/name</c>.</summary>
    public string ApiPath => (Kind == RepoKind.Model ? "api/models/" : "api/datasets/") + Id;

    /// <summary>
    /// Whether <paramref name="id"/> is a valid repo id, as huggingface_hub's <c>validate_repo_id</c>
    /// (utils/_validators.py): one optional namespace, word characters, '-' and '.', no '--' or '..', at most 96
    /// characters, not starting or ending with '-' or '.'.
    /// </summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 96 && ValidId().IsMatch(id) && !id.Contains("--", StringComparison.Ordinal)
        && !id.Contains("..", StringComparison.Ordinal) && !id.EndsWith(".git", StringComparison.Ordinal);

    /// <summary>Splits <c>org/name@revision</c> at the first '@'; no '@' means <see cref="DefaultRevision"/>.</summary>
    public static (string Id, string Revision) SplitRevision(string argument)
    {
        int at = argument.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (argument, DefaultRevision) : (argument[..at], argument[(at + 1)..]);
    }

    /// <summary>A full 40-hex commit id, which needs no ref lookup (file_download.py, <c>REGEX_COMMIT_HASH</c>).</summary>
    public static bool IsCommitHash(string revision) => CommitHash().IsMatch(revision);

    [GeneratedRegex(@"^(\b[\w\-.]+\b/)?\b[\w\-.]+\b$")]
    private static partial Regex ValidId();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();
}
