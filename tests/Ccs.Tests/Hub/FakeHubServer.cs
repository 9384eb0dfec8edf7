using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ccs.Hub;

namespace Ccs.Tests.Hub;

/// <summary>
/// A stand-in for the Hugging Face hub on 127.0.0.1, serving the hub's URL layout from files the test gives it:
/// <c>GET /api/{models|datasets}/ID/revision/REV</c> (sha + siblings), <c>HEAD|GET /[datasets/]ID/resolve/REV/FILE</c>
/// with <c>X-Repo-Commit</c>, git-sha1 <c>ETag</c> for small files and, for LFS-like files (.safetensors, .bin,
/// .parquet), a redirect to <c>/cdn/SHA256</c> with <c>X-Linked-Etag</c> / <c>X-Linked-Size</c>, as the real hub.
/// Failure knobs: required token (401), gated repos (403), dropped connections, ignored Range, wrong etags.
/// </summary>
internal sealed class FakeHubServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Repo> _repos = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string File)> _cdn = new();
    private readonly Task _loop;

    public FakeHubServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Endpoint = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; } = "";

    /// <summary>Every request: method, raw path, Range header, Authorization header.</summary>
    public ConcurrentQueue<(string Method, string Path, string? Range, string? Authorization)> Log { get; } = new();

    /// <summary>When set, requests without <c>Bearer TOKEN</c> get 401 (anonymous: repo-not-found style, wrong token: invalid credentials).</summary>
    public string? RequiredToken { get; set; }

    public HashSet<string> GatedRepos { get; } = [];

    /// <summary>Old names answered with a relative 307 to the new name, as the hub does for moved repos (imdb → stanfordnlp/imdb).</summary>
    public Dictionary<string, string> Moved { get; } = [];

    /// <summary>The first <see cref="DropCount"/> content GETs of this file stop after this many bytes and close the connection.</summary>
    public (string File, int AfterBytes)? DropOnce { get; set; }

    public int DropCount { get; set; } = 1;

    public bool IgnoreRange { get; set; }

    /// <summary>With <see cref="DropOnce"/>: keep the connection open this long, silent, before closing it.</summary>
    public TimeSpan StallBeforeDrop { get; set; }

    /// <summary>Etags announced instead of the true ones, by file name.</summary>
    public Dictionary<string, string> WrongEtags { get; } = [];

    /// <summary>Sizes announced in X-Linked-Size instead of the true ones, by file name.</summary>
    public Dictionary<string, long> AnnouncedSizes { get; } = [];

    public string Add(RepoKind kind, string id, IReadOnlyDictionary<string, byte[]> files, string revision = "main")
    {
        string commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id + string.Join(",", files.Keys) + revision)));
        var repo = _repos.GetOrAdd(Key(kind, id), _ => new Repo());
        repo.Refs[revision] = commit;
        repo.Commits[commit] = files;
        foreach (var (file, content) in files) _cdn[Sha256(content)] = (content, file);
        return commit;
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>git's blob id: sha1 of "blob SIZE\0" + content (what the hub sends as ETag of non-LFS files).</summary>
    public static string GitBlobId(byte[] data) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {data.Length}\0"), .. data]));

    public static bool IsLfs(string file) => file.EndsWith(".safetensors", StringComparison.Ordinal)
        || file.EndsWith(".bin", StringComparison.Ordinal) || file.EndsWith(".parquet", StringComparison.Ordinal);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleSafelyAsync(context));
        }
    }

    private async Task HandleSafelyAsync(HttpListenerContext context)
    {
        try
        {
            await HandleAsync(context.Request, context.Response);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away
        }
    }

    private async Task HandleAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        string path = request.RawUrl!.Split('?')[0];
        string? authorization = request.Headers["Authorization"];
        Log.Enqueue((request.HttpMethod, path, request.Headers["Range"], authorization));
        string[] parts = [.. path.Trim('/').Split('/').Select(Uri.UnescapeDataString)];

        if (parts[0] == "cdn")
        {
            var (blob, blobFile) = _cdn[parts[1]];
            await ServeContentAsync(request, response, blob, blobFile);
            return;
        }
        if (RequiredToken is not null && authorization != "Bearer " + RequiredToken)
        {
            if (authorization is not null) response.Headers["X-Error-Message"] = "Invalid credentials in Authorization header";
            Finish(response, 401);
            return;
        }

        foreach (var (old, current) in Moved)
        {
            foreach (string prefix in new[] { "/api/datasets/", "/api/models/", "/datasets/", "/" })
            {
                if (!path.StartsWith(prefix + old + "/", StringComparison.Ordinal)) continue;
                response.Headers["Location"] = prefix + current + path[(prefix + old).Length..];
                Finish(response, 307);
                return;
            }
        }

        if (parts[0] == "api")
        {
            RepoKind kind = parts[1] == "datasets" ? RepoKind.Dataset : RepoKind.Model;
            int at = Array.IndexOf(parts, "revision");
            string id = string.Join('/', parts[2..at]);
            string revision = string.Join('/', parts[(at + 1)..]);
            if (Lookup(kind, id, revision, response) is not var (commit, files)) return;
            object body = new { id, sha = commit, siblings = files.Keys.Select(f => new { rfilename = f }).ToArray() };
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(body);
            response.ContentType = "application/json";
            response.ContentLength64 = json.Length;
            await response.OutputStream.WriteAsync(json);
            response.Close();
            return;
        }

        {
            RepoKind kind = parts[0] == "datasets" ? RepoKind.Dataset : RepoKind.Model;
            string[] rest = kind == RepoKind.Dataset ? parts[1..] : parts;
            int at = Array.IndexOf(rest, "resolve");
            string id = string.Join('/', rest[..at]);
            string revision = rest[at + 1];
            string file = string.Join('/', rest[(at + 2)..]);
            if (Lookup(kind, id, revision, response) is not var (commit, files)) return;
            response.Headers["X-Repo-Commit"] = commit;
            if (!files.TryGetValue(file, out byte[]? content))
            {
                response.Headers["X-Error-Code"] = "EntryNotFound";
                Finish(response, 404);
                return;
            }
            string sha = Sha256(content);
            if (IsLfs(file))
            {
                response.Headers["X-Linked-Etag"] = $"\"{WrongEtags.GetValueOrDefault(file, sha)}\"";
                response.Headers["X-Linked-Size"] = AnnouncedSizes.GetValueOrDefault(file, content.Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["ETag"] = $"\"{GitBlobId(Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha))}\"";
                response.Redirect($"{Endpoint}/cdn/{sha}");
                Finish(response, 302);
                return;
            }
            response.Headers["ETag"] = $"\"{WrongEtags.GetValueOrDefault(file, GitBlobId(content))}\"";
            if (request.HttpMethod == "HEAD")
            {
                response.ContentLength64 = content.Length;
                response.Close();
                return;
            }
            await ServeContentAsync(request, response, content, file);
        }
    }

    private (string Commit, IReadOnlyDictionary<string, byte[]> Files)? Lookup(RepoKind kind, string id, string revision, HttpListenerResponse response)
    {
        if (!_repos.TryGetValue(Key(kind, id), out Repo? repo))
        {
            response.Headers["X-Error-Code"] = "RepoNotFound";
            Finish(response, 404);
            return null;
        }
        if (GatedRepos.Contains(id))
        {
            response.Headers["X-Error-Code"] = "GatedRepo";
            Finish(response, 403);
            return null;
        }
        string commit = repo.Refs.GetValueOrDefault(revision, revision);
        if (!repo.Commits.TryGetValue(commit, out var files))
        {
            response.Headers["X-Error-Code"] = "RevisionNotFound";
            Finish(response, 404);
            return null;
        }
        return (commit, files);
    }

    private async Task ServeContentAsync(HttpListenerRequest request, HttpListenerResponse response, byte[] content, string name)
    {
        long from = 0;
        string? range = request.Headers["Range"];
        if (range is not null && !IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (from >= content.Length)
            {
                response.Headers["Content-Range"] = $"bytes */{content.Length}";
                Finish(response, 416);
                return;
            }
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }
        response.ContentLength64 = content.Length - from;
        if (DropOnce is { } drop && drop.File == name && DropCount > 0)
        {
            DropCount--;
            int count = (int)Math.Min(drop.AfterBytes, content.Length - from);
            await response.OutputStream.WriteAsync(content.AsMemory((int)from, count));
            await response.OutputStream.FlushAsync();
            if (StallBeforeDrop > TimeSpan.Zero) await Task.Delay(StallBeforeDrop);
            response.Abort();
            return;
        }
        if (request.HttpMethod != "HEAD") await response.OutputStream.WriteAsync(content.AsMemory((int)from));
        response.Close();
    }

    private static void Finish(HttpListenerResponse response, int status)
    {
        response.StatusCode = status;
        response.ContentLength64 = 0;
        response.Close();
    }

    private static string Key(RepoKind kind, string id) => $"{kind}:{id}";

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>An endpoint on a loopback port nobody listens on (connections are refused at once).</summary>
    public static string UnreachableEndpoint() => $"http://127.0.0.1:{FreePort()}";

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
    }

    private sealed class Repo
    {
        public ConcurrentDictionary<string, string> Refs { get; } = new();
        public ConcurrentDictionary<string, IReadOnlyDictionary<string, byte[]>> Commits { get; } = new();
    }
}
