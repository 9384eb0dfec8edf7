namespace Ccs.Hub;

/// <summary>An error answer of the hub, with its status and <c>X-Error-Code</c> so callers can decide to use the cache.</summary>
public sealed class HubHttpException(int status, string? errorCode, string message) : CcsException(Ccs.ExitCode.BadInput, message)
{
    public int Status { get; } = status;
    public string? ErrorCode { get; } = errorCode;

    /// <summary>The repository answered but has no such revision or file: no cached copy can stand in for it.</summary>
    public bool IsDefinite => ErrorCode is "RevisionNotFound" or "EntryNotFound";
}

/// <summary>
/// One-line errors for the hub's failure answers, classified as huggingface_hub's <c>hf_raise_for_status</c>
/// (utils/_http.py) does: by the <c>X-Error-Code</c> header first, then by status. The token is never shown.
/// </summary>
internal static class HubErrors
{
    public static HubHttpException FromResponse(HttpResponseMessage response, HubRepo repo, string revision, string? filename, string endpoint)
    {
        string? code = Header(response, "X-Error-Code");
        string? hubMessage = Header(response, "X-Error-Message");
        int status = (int)response.StatusCode;
        string what = repo.Describe();
        string file = filename is null ? "" : $"file '{filename}' of ";
        string page = $"{endpoint}/{repo.UrlPath}";

        string message = code switch
        {
            "RevisionNotFound" => $"revision '{revision}' of {what} does not exist on {endpoint} ({status})",
            "EntryNotFound" => $"file '{filename}' does not exist in {what} at revision '{revision}' ({status})",
            "GatedRepo" => $"{what} is gated and this token has no access ({status}): request access on {page} and set HF_TOKEN to a token of that account",
            _ when hubMessage == "Access to this resource is disabled." => $"{what} has been disabled on {endpoint} ({status})",
            "RepoNotFound" => NotFound(what, endpoint, status),
            _ => status switch
            {
                401 when hubMessage == "Invalid credentials in Authorization header" =>
                    $"{endpoint} rejected the token in HF_TOKEN (401 invalid credentials) while fetching {file}{what}",
                401 => NotFound(what, endpoint, status),
                403 => $"access to {file}{what} is forbidden ({status}): if it is gated or private, request access on {page} and set HF_TOKEN to a token with read access",
                404 when filename is not null => $"file '{filename}' does not exist in {what} at revision '{revision}' ({status})",
                404 => NotFound(what, endpoint, status),
                _ => $"{endpoint} answered {status} {response.ReasonPhrase} while fetching {file}{what} (revision '{revision}')",
            },
        };
        return new HubHttpException(status, code, message);
    }

    private static string NotFound(string what, string endpoint, int status) =>
        $"{what} was not found on {endpoint} ({status}): check the name; if it is private or gated, set HF_TOKEN to a token with access";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
