using System.Diagnostics;
using Ccs.Caching;
using Ccs.Devices;
using Ccs.Extraction;
using Ccs.Runs;
using static TorchSharp.torch;

namespace Ccs.Benchmarks;

/// <summary>Options of <c>ccs bench</c>.</summary>
/// <param name="Model">A model folder, hub id or <c>random:gpt2</c>.</param>
/// <param name="Dataset">A dataset (hub name or local folder); null: <see cref="BuiltInStatements"/>.</param>
/// <param name="Rounds">Timed runs of every configuration, interleaved; the fastest of each is kept.</param>
public sealed record ExtractionBenchmarkOptions(string Model, string? Dataset, int Examples, int Rounds)
{
    public const string DefaultModel = "random:gpt2";
    public const int DefaultExamples = 32;
}

/// <summary>One configuration's outcome: its fastest timed run and how its hidden states compare with the original's method.</summary>
public sealed record BenchResult(BenchConfiguration Configuration, int Examples, double Seconds, double Flops, StateParity Parity)
{
    public double ExamplesPerSecond => Examples / Seconds;

    public double Gflops => Flops / Seconds / 1e9;
}

/// <summary>
/// <c>ccs bench</c>: extraction speed of the real engine (prompt tokenization, length-sorted batches, pooling, cache
/// writes to a temporary folder) in each <see cref="BenchConfiguration"/>, measured in one process beside the
/// machine's matmul peaks, then the fastest configuration whose hidden states pass <see cref="StateParity"/>.
/// </summary>
public static class ExtractionBenchmark
{
    /// <summary>Examples extracted, untimed, before each configuration's timed runs (kernel setup, first-call costs).</summary>
    private const int WarmUpExamples = 2;

    public static async Task<int> RunAsync(ExtractionBenchmarkOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        if (options.Examples < 1 || options.Rounds < 1)
            throw new CcsException(ExitCode.BadInput, "ccs bench: --examples and --rounds must be positive");
        var workload = await BenchWorkload.OpenAsync(options.Model, options.Dataset, options.Examples, console, cancellationToken);
        string cacheRoot = Path.Combine(Path.GetTempPath(), $"ccs-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var models = new Dictionary<ScalarType, ExtractionModel>();
        try
        {
            ExtractionModel Model(ScalarType dtype) => models.TryGetValue(dtype, out var m) ? m : models[dtype] = workload.Load(dtype);
            var reference = Model(ScalarType.Float32);
            bool decoder = reference.Model is Models.Decoding.CausalLanguageModel;
            var configurations = BenchConfiguration.All(workload.Config.NumHiddenLayers, decoder);
            var (sequences, tokens, flops, prefixFlops) = Count(workload, reference);

            var peaks = Peaks();
            var seconds = new double[configurations.Count];
            Array.Fill(seconds, double.PositiveInfinity);
            var states = new List<ExtractedExample>[configurations.Count];
            for (int round = 0; round < options.Rounds; round++)
            {
                for (int c = 0; c < configurations.Count; c++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var config = configurations[c];
                    var (time, rows) = await TimeAsync(workload, config, Model(config.DType), cacheRoot, warmUp: round == 0, console, cancellationToken);
                    seconds[c] = Math.Min(seconds[c], time);
                    states[c] = rows;
                }
            }
            // The machine is shared: the larger of two peak measurements is the fairer denominator.
            var after = Peaks();
            peaks = (Math.Max(peaks.Float32, after.Float32), Math.Max(peaks.BFloat16, after.BFloat16));

            int examples = states[0].Count;
            var results = configurations.Select((config, c) => new BenchResult(config, examples, seconds[c],
                config.Settings.SharedPrefix ? prefixFlops : flops,
                StateParity.Compare(states[0], states[c], workload.Config.HiddenSize, decoder))).ToList();
            var report = new BenchReport(workload, decoder, examples, sequences, tokens, peaks.Float32, peaks.BFloat16, results);
            report.Write(console.Out);
            return ExitCode.Success;
        }
        finally
        {
            foreach (var model in models.Values) model.Dispose();
            if (Directory.Exists(cacheRoot)) Directory.Delete(cacheRoot, recursive: true);
        }
    }

    /// <summary>One timed extraction of the workload's examples through the engine, after an untimed warm-up.</summary>
    private static async Task<(double Seconds, List<ExtractedExample> Rows)> TimeAsync(BenchWorkload workload, BenchConfiguration config,
        ExtractionModel model, string cacheRoot, bool warmUp, CcsConsole console, CancellationToken cancellationToken)
    {
        // Not disposed: disposing an extractor disposes its model, which the other configurations of this dtype reuse.
        var extractor = new HiddenStateExtractor(cacheRoot, () => model, config.Settings, console);
        if (warmUp) await extractor.ExtractAsync(Job(workload, config, "warm-up", Math.Min(WarmUpExamples, workload.ExampleCount)), cancellationToken);
        var watch = Stopwatch.StartNew();
        var outcome = await extractor.ExtractAsync(Job(workload, config, "timed", workload.ExampleCount), cancellationToken);
        double seconds = watch.Elapsed.TotalSeconds;
        return (seconds, await outcome.Entry.ReadAllAsync(cancellationToken));
    }

    private static SplitJob Job(BenchWorkload workload, BenchConfiguration config, string run, int examples) =>
        new($"bench {config.Name} ({run})",
            new CacheKey(new Dictionary<string, string> { ["configuration"] = config.Name, ["run"] = run, ["examples"] = $"{examples}" }),
            () => workload.Examples, examples);

    /// <summary>
    /// The sequences, real tokens and FLOPs of the examples the engine keeps (the first that fit the tokenizer): run in
    /// full, and with each question computed once and every answer continuing from it (the shared-prefix path).
    /// </summary>
    private static (int Sequences, long Tokens, double Flops, double PrefixFlops) Count(BenchWorkload workload, ExtractionModel model)
    {
        var tokenizer = new PromptTokenizer(model.Tokenizer, _ => { });
        var kept = workload.Examples.Select((e, i) => tokenizer.Tokenize(e, i)).Where(tokenizer.Fits).Take(workload.ExampleCount).ToList();
        var flops = new ModelFlops(model.Model);
        var choices = kept.SelectMany(e => e.Choices).ToList();
        double prefixFlops = kept.Sum(e => e.Choices.Chunk(Math.Max(1, e.ChoiceCount)).Sum(variant =>
            flops.Sequence(variant[0].Question.Length) + variant.Sum(c => flops.Continuation(c.Question.Length, c.Answer.Length))));
        return (choices.Count, choices.Sum(c => (long)c.Length), choices.Sum(c => flops.Sequence(c.Length)), prefixFlops);
    }

    private static (double Float32, double BFloat16) Peaks() =>
        (MatmulPeak.Measure(ScalarType.Float32), MatmulPeak.Measure(ScalarType.BFloat16));
}
