namespace Ccs.Runs;

/// <summary>Where <c>elicit</c> and <c>eval</c> write (spec 9.1, 9.2, 9.12) and where <c>eval</c> reads its source run.</summary>
public static class RunFolders
{
    /// <summary>
    /// <c>--out_dir</c> (relative to the working directory), else a new memorably named folder in
    /// <c>root/&lt;model&gt;/&lt;datasets joined by +&gt;</c>. A hub id is used verbatim (<c>org/name</c> nests); a local
    /// model folder or dataset path contributes its own name only, so the run does not land inside it.
    /// </summary>
    public static string ForElicit(string? outDir, string model, IReadOnlyList<string> datasets, string root)
    {
        if (outDir is not null)
        {
            string full = Path.GetFullPath(outDir);
            Directory.CreateDirectory(full);
            return full;
        }
        return MemorableNames.CreateDirectory(Path.Combine(root, PathComponent(model), string.Join("+", datasets.Select(PathComponent))));
    }

    /// <summary>The source run: <c>root/SOURCE</c>, or SOURCE itself when absolute (spec 2.2).</summary>
    public static string Source(string source, string root)
    {
        string dir = Path.GetFullPath(Path.IsPathRooted(source) ? source : Path.Combine(root, source));
        if (!Directory.Exists(dir))
            throw new CcsException(ExitCode.BadInput,
                $"{dir}: no such run folder (SOURCE is read relative to {root} unless absolute, e.g. gpt2/imdb/naughty-northcutt)");
        if (!Directory.Exists(Path.Combine(dir, ReporterCheckpoints.ReportersFolder)))
            throw new CcsException(ExitCode.BadInput, $"{dir}: not an elicit run folder (it has no {ReporterCheckpoints.ReportersFolder}/ folder)");
        return dir;
    }

    /// <summary><c>--out_dir</c>, else <c>SOURCE/transfer/&lt;datasets joined by +&gt;</c>.</summary>
    public static string ForEval(string? outDir, string sourceDir, IReadOnlyList<string> datasets)
    {
        string dir = Path.GetFullPath(outDir ?? Path.Combine(sourceDir, "transfer", string.Join("+", datasets.Select(PathComponent))));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The folder name a model or dataset argument gets: a hub id verbatim, a local path its last component.</summary>
    public static string PathComponent(string model)
    {
        bool local = Path.IsPathRooted(model) || model.StartsWith("./", StringComparison.Ordinal)
                     || model.StartsWith("../", StringComparison.Ordinal) || Directory.Exists(model) || File.Exists(model);
        return local ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(model))) : model;
    }
}
