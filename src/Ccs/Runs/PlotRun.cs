using Ccs.Options;
using Ccs.Plotting;

namespace Ccs.Runs;

/// <summary>
/// Runs <c>ccs plot</c> (spec 2.4), as the original's <c>Plot.execute</c> (<c>ccs/plotting/command.py</c>): sweep names
/// are relative to <c>$CCS_DIR/sweeps</c>; none given means the newest sweep. Every named sweep is checked before
/// anything is drawn. Fixed (spec 10.B12): <c>--overwrite</c> without an existing <c>viz/</c> is a no-op (the
/// original crashed), and a missing sweep or an existing <c>viz/</c> is an error (exit code 3), not a printed line.
/// </summary>
public static class PlotRun
{
    public static Task<int> RunAsync(PlotOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.FromResult(Run(options, OutputRoot.Sweeps(), console, cancellationToken));
    }

    internal static int Run(PlotOptions options, string sweepsRoot, CcsConsole console, CancellationToken cancellationToken)
    {
        var sweeps = options.Sweeps.Count > 0
            ? options.Sweeps.Select(name => Named(sweepsRoot, name)).ToList()
            : [Newest(sweepsRoot, console)];
        foreach (string sweep in sweeps)
        {
            string viz = Path.Combine(sweep, "viz");
            if (Directory.Exists(viz) && !options.Overwrite)
                throw new CcsException(ExitCode.BadInput, $"{viz} already exists: use --overwrite to replace it");
        }
        foreach (string sweep in sweeps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string viz = Path.Combine(sweep, "viz");
            if (Directory.Exists(viz))
            {
                console.Out.WriteLine($"Removing the existing {viz}");
                Directory.Delete(viz, recursive: true);
            }
            console.Out.WriteLine($"Plotting sweep {sweep}");
            SweepVisualizer.Visualize(sweep, console);
        }
        return ExitCode.Success;
    }

    private static string Named(string sweepsRoot, string name)
    {
        string path = Path.GetFullPath(Path.Combine(sweepsRoot, name));
        return Directory.Exists(path)
            ? path
            : throw new CcsException(ExitCode.BadInput, $"no sweep named '{name}' in {sweepsRoot}");
    }

    /// <summary>The sweep folder changed last. The original used the change time (ctime) of any entry; .NET
    /// exposes the modification time, which a new run or plot in the folder updates the same way.</summary>
    private static string Newest(string sweepsRoot, CcsConsole console)
    {
        var newest = Directory.Exists(sweepsRoot)
            ? new DirectoryInfo(sweepsRoot).GetDirectories().OrderByDescending(dir => dir.LastWriteTimeUtc).FirstOrDefault()
            : null;
        if (newest is null)
            throw new CcsException(ExitCode.BadInput, $"no sweeps in {sweepsRoot}: run 'ccs sweep' first, or name a sweep");
        console.Out.WriteLine($"Reading most recent sweep from {newest.FullName}");
        return newest.FullName;
    }
}
