namespace Ccs.Runs;

/// <summary>Where runs and sweeps are written (spec 9.1): <c>$CCS_DIR</c>, else <c>~/ccs-reporters</c>.</summary>
public static class OutputRoot
{
    /// <summary>The root folder, created (with parents) when resolved, as the original does.</summary>
    public static string Resolve()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("CCS_DIR");
        string root = string.IsNullOrEmpty(fromEnv)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "ccs-reporters")
            : Path.GetFullPath(fromEnv);
        Directory.CreateDirectory(root);
        return root;
    }

    public static string Sweeps() => Path.Combine(Resolve(), "sweeps");
}
