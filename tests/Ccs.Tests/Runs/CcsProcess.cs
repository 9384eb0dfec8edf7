using System.Diagnostics;

namespace Ccs.Tests.Runs;

/// <summary>The real <c>ccs</c> executable in a child process, with its run and cache folders under <paramref name="work"/>.</summary>
internal static class CcsProcess
{
    public sealed record Result(int Code, string Out, string Err);

    public static Result Run(string work, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccs.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["CCS_DIR"] = Path.Combine(work, "runs");
        start.Environment["CCS_CACHE"] = Path.Combine(work, "cache");
        start.Environment["HF_HUB_OFFLINE"] = "1";
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "ccs did not finish within 5 minutes");
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
