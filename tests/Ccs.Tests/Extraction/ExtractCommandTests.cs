using System.Diagnostics;
using System.Text.Json;
using Ccs.Caching;
using Ccs.Cli;
using Ccs.Extraction;
using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ccs.Tests.Extraction;

/// <summary><c>ccs extract</c>: its options, its errors, and a real process killed mid-way and rerun.</summary>
[Collection(ModelTestCollection.Name)]
public sealed class ExtractCommandTests(ITestOutputHelper output) : IDisposable
{
    private const int TrainRows = 100;
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A binary dataset of short reviews and its one-template file.</summary>
    private (string Dataset, string TemplateFile) SyntheticDataset()
    {
        string[] words = ["good", "dull", "long", "bright", "sad", "funny", "odd", "slow", "warm", "cold"];
        string Rows(int count, int salt) => string.Concat(Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
        {
            text = $"Movie {i + salt} was " + string.Join(' ', Enumerable.Range(0, 1 + (i * 7 + salt) % 13).Select(j => words[(i + j) % words.Length])),
            label = i % 2,
        }) + "\n"));
        _folder.Write("synthetic/train.jsonl", Rows(TrainRows, 0));
        string dataset = Path.GetDirectoryName(_folder.Write("synthetic/validation.jsonl", Rows(4, 1000)))!;
        return (dataset, _folder.Write("synthetic-templates/templates.yaml", ExtractionFixtures.ReviewTemplateFile("synthetic")));
    }

    private static Process Start(string cacheRoot, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ccs.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["CCS_CACHE"] = cacheRoot;
        start.Environment["HF_HUB_OFFLINE"] = "1";
        return Process.Start(start)!;
    }

    private static (int Code, string Out, string Err) Finish(Process process)
    {
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "ccs extract did not finish within 120 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void A_killed_extraction_resumes_and_ends_with_the_files_of_a_clean_run()
    {
        var (dataset, templates) = SyntheticDataset();
        string[] args = ["extract", ExtractionFixtures.MiniLm, dataset, "--template_path", templates, "--max_examples", $"{TrainRows}", "4",
                         "--layers", "1", "6", "--storage", "float32"];
        string killedRoot = Path.Combine(_folder.Path, "killed"), cleanRoot = Path.Combine(_folder.Path, "clean");

        using (var killed = Start(killedRoot, args))
        {
            var clock = Stopwatch.StartNew();
            while (!Directory.Exists(killedRoot) || !Directory.EnumerateFiles(killedRoot, "part-00000.parquet", SearchOption.AllDirectories).Any())
            {
                if (killed.HasExited) Assert.Fail($"ccs exited before writing a part: {killed.StandardError.ReadToEnd()}");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "no part file within 90 s");
                Thread.Sleep(10);
            }
            killed.Kill(entireProcessTree: true);
            killed.WaitForExit();
        }
        var entries = Directory.EnumerateDirectories(killedRoot).ToList();
        Assert.True(entries.Count == 1, $"expected only the train entry after the kill: {string.Join(", ", entries.Select(e => Path.GetFileName(e) + "=" + File.ReadAllText(Path.Combine(e, "manifest.json"))))}");
        string trainEntry = entries[0];
        Assert.Contains("\"complete\": false", File.ReadAllText(Path.Combine(trainEntry, "manifest.json")));

        var (resumedCode, resumedOut, resumedErr) = Finish(Start(killedRoot, args));
        Assert.True(resumedCode == 0, resumedErr);
        output.WriteLine(resumedErr);
        Assert.Matches(@"train: resuming after \d+ cached examples", resumedErr);

        var (cleanCode, cleanOut, cleanErr) = Finish(Start(cleanRoot, args));
        Assert.True(cleanCode == 0, cleanErr);
        string trainFingerprint = Path.GetFileName(trainEntry);
        Assert.Contains($"{dataset} train: {TrainRows} examples (extracted) in {Path.Combine(cleanRoot, trainFingerprint)}", cleanOut);
        Assert.Contains($"{dataset} val: 4 examples (extracted) in ", cleanOut);
        Assert.Contains($"{dataset} train: {TrainRows} examples (extracted) in {trainEntry}", resumedOut);

        Assert.Equal(Contents(cleanRoot), Contents(killedRoot));
        Assert.Equal(TrainRows / ExtractionSettings.DefaultPartSize + 1, Directory.EnumerateFiles(trainEntry, "*.parquet").Count());
    }

    private static string[] Contents(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f) + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))];

    [Fact]
    public void Options_are_parsed_into_the_extract_record()
    {
        ExtractVerbOptions? received = null;
        int code = Run(["extract", "gpt2", "imdb", "--batch_size", "8", "--dtype", "bf16", "--storage", "float32", "--disable_cache",
                        "--layers", "2", "--max_examples", "10", "20", "--token_loc", "mean"], o => received = o);
        Assert.Equal(0, code);
        Assert.Equal(new ExtractVerbOptions(
            Cli.CliHarness.DefaultData("gpt2", "imdb") with { Layers = ValueList.Of(2), MaxExamplesTrain = 10, MaxExamplesVal = 20, TokenLoc = TokenLoc.Mean },
            8, ScalarType.BFloat16, HiddenStorage.Float32, true, Ccs.Devices.DeviceOptions.Default), received);

        Assert.Equal(0, Run(["extract", "gpt2", "imdb"], o => received = o));
        Assert.Equal((null, null, HiddenStorage.BFloat16, false), (received!.BatchSize, received.DType, received.Storage, received.DisableCache));
    }

    [Theory]
    [InlineData("--batch_size 0", 2, "ccs extract: error: --batch_size must be a positive integer or auto (got '0')")]
    [InlineData("--storage float16", 2, "ccs extract: error: ")]
    [InlineData("--layers 7", 3, "ccs extract: error: --layers 7: ")]
    public async Task Bad_options_are_one_line_errors(string flags, int exitCode, string messageStart)
    {
        var stderr = new StringWriter();
        string[] args = ["extract", ExtractionFixtures.MiniLm, "imdb", .. flags.Split(' ')];
        int code = await CcsApp.RunAsync(args, TextWriter.Null, stderr, VerbRunners.Default, CancellationToken.None);
        Assert.Equal(exitCode, code);
        Assert.StartsWith(messageStart, stderr.ToString());
        Assert.Single(stderr.ToString().TrimEnd('\n').Split('\n'));
    }

    private static int Run(string[] args, Action<ExtractVerbOptions> capture)
    {
        Task<int> Fail<T>(T _, CcsConsole __, CancellationToken ___) => throw new InvalidOperationException("wrong verb");
        var runners = new VerbRunners(Fail, Fail, Fail, Fail, Fail, (o, _, _) => { capture(o); return Task.FromResult(0); });
        return CcsApp.RunAsync(args, TextWriter.Null, TextWriter.Null, runners, CancellationToken.None).GetAwaiter().GetResult();
    }
}
