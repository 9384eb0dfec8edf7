namespace Ccs.Tests.Support;

/// <summary>
/// The read-only test material (real checkpoints, tokenizers, dataset slices, references): the folder named by
/// <c>CCS_SHARED_DIR</c>, else <c>../shared</c> beside the repository root. Tests that need it fail loudly
/// when it is missing; they never skip.
/// </summary>
public static class SharedMaterial
{
    private static readonly Lazy<string> RootDir = new(Locate);

    public static string Root => RootDir.Value;

    /// <summary>A path inside the material; fails the test when it does not exist.</summary>
    public static string Path(params string[] parts)
    {
        string path = System.IO.Path.Combine([Root, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"test material missing: {path} (CCS_SHARED_DIR={Root})", path);
        return path;
    }

    /// <summary>The repository root (the folder holding Ccs.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string Locate()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("CCS_SHARED_DIR");
        string dir = string.IsNullOrEmpty(fromEnv)
            ? System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared"))
            : System.IO.Path.GetFullPath(fromEnv);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException(
                $"test material not found at {dir}: set CCS_SHARED_DIR to the shared folder (default ../shared beside the repository)");
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Ccs.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Ccs.sln above {AppContext.BaseDirectory}");
    }
}
