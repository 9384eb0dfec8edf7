using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Ccs.Hub;

/// <summary>A revision of a repository as the hub API reports it: its commit and every file path in it.</summary>
public sealed record RepoRevision(string Commit, IReadOnlyList<string> Files);

/// <summary>
/// What a HEAD on <c>/resolve/</c> says about a file (file_download.py, <c>get_hf_file_metadata</c>): the commit,
/// the normalised etag (sha256 for LFS files, git blob sha1 otherwise), the size, and where to download it.
/// </summary>
public sealed record HubFileMetadata(string Commit, string Etag, long Size, Uri Location);

/// <summary>The hub could not be reached at all (connection refused, DNS, timeout): the caller may use the cache.</summary>
public sealed class HubUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// HTTP calls to the hub with HttpClient only: the revision API, HEAD on file URLs, ranged GETs. Redirects are
/// followed by hand so that the token goes only to the hub's own host, as huggingface_hub does.
/// </summary>
public sealed class HubHttp : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient _client;
    private readonly HubSettings _settings;
    private readonly Uri _endpoint;

    public HubHttp(HubSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _endpoint = new Uri(settings.Endpoint.TrimEnd('/') + "/");
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = settings.RequestTimeout,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("ccs/1.0");
    }

    public string Endpoint => _settings.Endpoint;

    /// <summary>
    /// The commit and file list of a revision: <c>GET /api/{models|datasets}/ID/revision/REV</c>, the call behind
    /// hf_api.py <c>model_info</c>/<c>dataset_info</c> (the revision is quoted with no safe characters).
    /// </summary>
    public async Task<RepoRevision> GetRevisionAsync(HubRepo repo, string revision, CancellationToken cancellationToken)
    {
        var url = new Uri(_endpoint, $"{repo.ApiPath}/revision/{Uri.EscapeDataString(revision)}");
        using var response = await SendAsync(HttpMethod.Get, url, offset: 0, followAbsolute: true, _settings.RequestTimeout, cancellationToken);
        if (!response.IsSuccessStatusCode) throw HubErrors.FromResponse(response, repo, revision, filename: null, Endpoint);
        string json = await ReadWithTimeoutAsync(response, cancellationToken);
        try
        {
            using var doc = JsonDocument.Parse(json);
            string sha = doc.RootElement.GetProperty("sha").GetString() ?? "";
            if (!HubRepo.IsCommitHash(sha)) throw new JsonException("no commit sha");
            var files = doc.RootElement.TryGetProperty("siblings", out var siblings)
                ? siblings.EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()!).ToList()
                : [];
            return new RepoRevision(sha, files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CcsException(ExitCode.BadInput, $"{Endpoint} answered {url} with something that is not a hub revision ({e.Message})", e);
        }
    }

    /// <summary>
    /// HEAD on the file URL with <c>Accept-Encoding: identity</c>, following only relative redirects; an absolute
    /// redirect (LFS files on a CDN) is where the file is downloaded from (file_download.py, <c>get_hf_file_metadata</c>).
    /// </summary>
    public async Task<HubFileMetadata> HeadFileAsync(HubRepo repo, string revision, string filename, CancellationToken cancellationToken)
    {
        Uri url = FileUrl(repo, revision, filename);
        using var response = await SendAsync(HttpMethod.Head, url, offset: 0, followAbsolute: false, _settings.RequestTimeout, cancellationToken);
        bool redirect = (int)response.StatusCode is >= 300 and <= 399;
        if (!redirect && !response.IsSuccessStatusCode) throw HubErrors.FromResponse(response, repo, revision, filename, Endpoint);

        string? commit = Header(response, "X-Repo-Commit");
        string? etag = NormalizeEtag(Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag ?? Header(response, "ETag"));
        long? size = long.TryParse(Header(response, "X-Linked-Size"), out long linked) ? linked
            : redirect ? null : response.Content.Headers.ContentLength;
        Uri location = redirect && response.Headers.Location is { } target ? new Uri(response.RequestMessage!.RequestUri!, target) : response.RequestMessage!.RequestUri!;
        if (commit is null || etag is null || size is null)
            throw new CcsException(ExitCode.BadInput,
                $"{url} did not answer like the Hugging Face hub (missing {(commit is null ? "X-Repo-Commit" : etag is null ? "ETag" : "size")}); check HF_ENDPOINT and proxy settings");
        return new HubFileMetadata(commit, etag, size.Value, location);
    }

    /// <summary>
    /// GET from <paramref name="offset"/> on (a Range request when it is not 0); the caller reads and disposes it.
    /// The token is sent only while the URL stays on the hub's host.
    /// </summary>
    public Task<HttpResponseMessage> GetAsync(Uri url, long offset, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, url, offset, followAbsolute: true, _settings.RequestTimeout, cancellationToken);

    public TimeSpan ReadTimeout => _settings.ReadTimeout;

    /// <summary><c>ENDPOINT/[datasets/]ID/resolve/REVISION/FILE</c> (file_download.py, <c>hf_hub_url</c>).</summary>
    public Uri FileUrl(HubRepo repo, string revision, string filename) =>
        new(_endpoint, $"{repo.UrlPath}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', filename.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>Strips the weak marker and quotes of an ETag (file_download.py, <c>_normalize_etag</c>).</summary>
    public static string? NormalizeEtag(string? etag)
    {
        if (etag is null) return null;
        if (etag.StartsWith("W/", StringComparison.Ordinal)) etag = etag[2..];
        etag = etag.Trim('"');
        return etag.Length == 0 ? null : etag;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, long offset, bool followAbsolute,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.AcceptEncoding.ParseAdd("identity");
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            if (_settings.Token is not null && SameHost(url, _endpoint))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);

            HttpResponseMessage response;
            using (var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                headersTimeout.CancelAfter(timeout);
                try
                {
                    response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersTimeout.Token);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new HubUnreachableException($"{url.GetLeftPart(UriPartial.Authority)} did not answer within {timeout.TotalSeconds:0} s", e);
                }
                catch (HttpRequestException e)
                {
                    throw new HubUnreachableException($"cannot reach {url.GetLeftPart(UriPartial.Authority)} ({e.Message})", e);
                }
            }

            if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is null) return response;
            bool relative = !response.Headers.Location.IsAbsoluteUri;
            if (!relative && !followAbsolute) return response;
            if (hop >= MaxRedirects)
            {
                response.Dispose();
                throw new CcsException(ExitCode.BadInput, $"too many redirects from {url}");
            }
            url = new Uri(url, response.Headers.Location);
            response.Dispose();
        }
    }

    private async Task<string> ReadWithTimeoutAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bodyTimeout.CancelAfter(_settings.RequestTimeout);
        try
        {
            return await response.Content.ReadAsStringAsync(bodyTimeout.Token);
        }
        catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new HubUnreachableException($"the connection to {Endpoint} broke ({e.Message})", e);
        }
    }

    private static bool SameHost(Uri a, Uri b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues.FirstOrDefault() : null;

    public void Dispose() => _client.Dispose();
}
