using System.Diagnostics;

namespace Ccs.Tests.Cli;

/// <summary>The real <c>ccs</c> executable, as a separate process: exit codes, streams, and a libtorch that loads.</summary>
public class CliProcessTests
{
    private static (int Code, string Out, string Err) RunCcs(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccs.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "ccs did not exit within 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Version_loads_libtorch()
    {
        var (code, stdout, stderr) = RunCcs("--version");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"^ccs \d+\.\d+\.\d+ \(TorchSharp 0\.107\.0, \d+ CPU threads, CUDA: (no|yes.*)\)\n$", stdout);
    }

    [Fact]
    public void A_usage_error_is_one_line_on_stderr_with_exit_code_2()
    {
        var (code, stdout, stderr) = RunCcs("elicit", "gpt2", "imdb", "--layers", "1", "--layer_stride", "2");
        Assert.Equal(ExitCode.Usage, code);
        Assert.Equal("", stdout);
        Assert.Equal("ccs elicit: error: Cannot use both --layers and --layer_stride. Please use only one.\n", stderr);
    }
}
