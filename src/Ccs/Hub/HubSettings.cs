namespace Ccs.Hub;

/// <summary>
/// Where the Hugging Face cache lives and how the hub is reached, read from the same environment variables as
/// huggingface_hub (<c>constants.py</c>): <c>HF_HUB_CACHE</c> (legacy <c>HUGGINGFACE_HUB_CACHE</c>), else
/// <c>$HF_HOME/hub</c>, else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c>;
/// <c>HF_ENDPOINT</c>; <c>HF_HUB_OFFLINE</c> (or <c>TRANSFORMERS_OFFLINE</c>); <c>HF_TOKEN</c>, else the token file
/// (<c>HF_TOKEN_PATH</c>, else <c>$HF_HOME/token</c>); <c>HF_HUB_ETAG_TIMEOUT</c> and <c>HF_HUB_DOWNLOAD_TIMEOUT</c>.
/// </summary>
/// <param name="Token">Sent as a bearer token; never printed (<see cref="ToString"/> hides it).</param>
/// <param name="RequestTimeout">Limit for metadata calls (HEAD, API).</param>
/// <param name="ReadTimeout">Limit for one read of a download stream before the connection counts as dropped.</param>
public sealed record HubSettings(
    string CacheDir,
    string Endpoint,
    bool Offline,
    string? Token,
    TimeSpan RequestTimeout,
    TimeSpan ReadTimeout)
{
    public const string DefaultEndpoint = "https://huggingface.co";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Settings from the process environment.</summary>
    public static HubSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Settings from an environment lookup (tests pass a dictionary).</summary>
    public static HubSettings FromEnvironment(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        string? Get(string name) => string.IsNullOrEmpty(env(name)) ? null : env(name);

        string home = Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string Expand(string path) => path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? home + path[1..] : path;

        string hfHome = Expand(Get("HF_HOME") ?? Path.Combine(Get("XDG_CACHE_HOME") ?? Path.Combine(home, ".cache"), "huggingface"));
        string cacheDir = Expand(Get("HF_HUB_CACHE") ?? Get("HUGGINGFACE_HUB_CACHE") ?? Path.Combine(hfHome, "hub"));
        string endpoint = (Get("HF_ENDPOINT") ?? DefaultEndpoint).TrimEnd('/');
        bool offline = IsTrue(Get("HF_HUB_OFFLINE") ?? Get("TRANSFORMERS_OFFLINE"));
        string? token = Get("HF_TOKEN") ?? ReadTokenFile(Expand(Get("HF_TOKEN_PATH") ?? Path.Combine(hfHome, "token")));
        return new HubSettings(cacheDir, endpoint, offline, token,
            Seconds(Get("HF_HUB_ETAG_TIMEOUT")), Seconds(Get("HF_HUB_DOWNLOAD_TIMEOUT")));
    }

    /// <summary>huggingface_hub's <c>_is_true</c>: 1, ON, YES, TRUE in any case.</summary>
    internal static bool IsTrue(string? value) =>
        value is not null && value.ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static TimeSpan Seconds(string? value) =>
        int.TryParse(value, out int seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;

    private static string? ReadTokenFile(string path)
    {
        if (!File.Exists(path)) return null;
        string token = File.ReadAllText(path).Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>Never shows the token, so the record can be logged.</summary>
    public override string ToString() =>
        $"HubSettings {{ CacheDir = {CacheDir}, Endpoint = {Endpoint}, Offline = {Offline}, Token = {(Token is null ? "none" : "set")} }}";
}
