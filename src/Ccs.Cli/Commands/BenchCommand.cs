using System.CommandLine;
using System.CommandLine.Invocation;
using Ccs.Benchmarks;
using Ccs.Cli.Parsing;
using Ccs.Models;

namespace Ccs.Cli.Commands;

/// <summary>
/// <c>ccs bench [--model M] [--dataset D] [--examples N]</c>: extraction speed of this machine in the original's way
/// and the engine's faster ones; <c>ccs bench forward</c>: raw forward throughput (not part of the original tool).
/// </summary>
internal sealed class BenchCommand : Command
{
    private readonly Option<string> _model = Flags.Value("--model",
        "Local model folder, Hugging Face model id, or random:gpt2 (GPT-2 small with random weights)", ExtractionBenchmarkOptions.DefaultModel, "MODEL");
    private readonly Option<string?> _dataset = Flags.Optional<string?>("--dataset",
        "Dataset to prompt (hub name or local folder, validation split); default: built-in true/false statements", "DATASET");
    private readonly Option<int> _examples = Flags.Value("--examples", "Examples extracted per configuration", ExtractionBenchmarkOptions.DefaultExamples, "N");
    private readonly Option<int> _rounds = Flags.Value("--rounds", "Timed runs of every configuration (interleaved; the fastest counts)", 1, "N");

    public BenchCommand()
        : base("bench", "Measure extraction speed on this machine: the original's method (batch 1, float32) against batched and " +
                        "bfloat16 extraction, beside the matmul peak (a table, then one JSON line).")
    {
        Add(_model);
        Add(_dataset);
        Add(_examples);
        Add(_rounds);
        Add(Forward);
        // System.CommandLine requires a subcommand of a command without an action; CcsApp runs this one's runner.
        Action = new RunnerAction();
    }

    /// <summary>Marks <c>ccs bench</c> itself as runnable; CcsApp hands it to its runner rather than invoking this.</summary>
    internal sealed class RunnerAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) =>
            throw new InvalidOperationException("ccs bench runs through its verb runner");
    }

    public ExtractionBenchmarkOptions Bind(ParseResult result)
    {
        int examples = result.GetValue(_examples), rounds = result.GetValue(_rounds);
        if (examples < 1 || rounds < 1) throw new UsageException("--examples and --rounds must be positive");
        return new ExtractionBenchmarkOptions(result.GetValue(_model)!, result.GetValue(_dataset), examples, rounds);
    }

    public ForwardCommand Forward { get; } = new();

    /// <summary><c>ccs bench forward MODEL</c>: load time and forward tokens/s at a fixed batch × sequence.</summary>
    internal sealed class ForwardCommand : Command
    {
        private readonly Argument<string> _model = new("MODEL") { Description = "Local model folder, Hugging Face model id, or random:gpt2 (GPT-2 small with random weights)" };
        private readonly Option<int> _batch = Flags.Value("--batch", "Sequences per forward pass", 32);
        private readonly Option<int> _sequence = Flags.Value("--seq", "Tokens per sequence (random ids, no padding)", 128);
        private readonly Option<string[]> _dtypes = new("--dtypes")
        {
            Description = "Float types to measure: float32, bfloat16, float16",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["float32", "bfloat16"],
            HelpName = "DTYPE",
        };
        private readonly Option<int> _repeats = Flags.Value("--repeats", "Timed forward passes per dtype (the median is reported)", 5);

        public ForwardCommand()
            : base("forward", "Model load time and forward throughput (tokens/s, GFLOP/s) per dtype, with the same-run matmul peak.")
        {
            Add(_model);
            Add(_batch);
            Add(_sequence);
            Add(_dtypes);
            Add(_repeats);
        }

        public ForwardBenchmarkOptions Bind(ParseResult result)
        {
            int batch = result.GetValue(_batch), sequence = result.GetValue(_sequence), repeats = result.GetValue(_repeats);
            if (batch < 1 || sequence < 1 || repeats < 1)
                throw new UsageException("--batch, --seq and --repeats must be positive");
            var dtypes = result.GetValue(_dtypes)!.Select(ModelPlacement.ParseDType).Distinct().ToList();
            return new ForwardBenchmarkOptions(result.GetValue(_model)!, batch, sequence, dtypes, repeats);
        }
    }
}
