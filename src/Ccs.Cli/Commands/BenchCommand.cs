using System.CommandLine;
using Ccs.Benchmarks;
using Ccs.Cli.Parsing;
using Ccs.Models;

namespace Ccs.Cli.Commands;

/// <summary><c>ccs bench forward</c>: measure this machine (not part of the original tool).</summary>
internal sealed class BenchCommand : Command
{
    public BenchCommand()
        : base("bench", "Measure model throughput on this machine, beside its matmul peak (results are printed, then one JSON line).")
    {
        Add(Forward);
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
