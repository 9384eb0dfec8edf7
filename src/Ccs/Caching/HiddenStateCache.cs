namespace Ccs.Caching;

/// <summary>Where extracted hidden states are cached: <c>$CCS_CACHE</c>, else <c>~/.cache/ccs/hiddens</c>.</summary>
public static class HiddenStateCache
{
    public static string DefaultRoot()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("CCS_CACHE");
        return string.IsNullOrEmpty(fromEnv)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ccs", "hiddens")
            : Path.GetFullPath(fromEnv);
    }
}
