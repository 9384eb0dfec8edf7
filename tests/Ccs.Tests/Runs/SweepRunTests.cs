using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Cli;

namespace Ccs.Tests.Runs;

/// <summary>The sweep's grid, folders, transfer evals, failure handling and resumption, with recording runners.</summary>
public sealed class SweepRunTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ccs-sweep-{Guid.NewGuid():N}");
    private readonly List<ElicitOptions> _elicits = [];
    private readonly List<EvalOptions> _evals = [];
    private readonly List<string> _opened = [];
    private readonly StringWriter _out = new(), _err = new();

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private Task<int> Run(string commandLine, Func<ElicitOptions, int>? elicitResult = null)
    {
        var options = CliHarness.Parse<SweepOptions>(commandLine);
        var steps = new SweepSteps(
            (data, _, _) =>
            {
                _opened.Add(data.Model);
                return new ReferenceHiddenStates(data);
            },
            (o, _, _, _) =>
            {
                _elicits.Add(o);
                int code = elicitResult?.Invoke(o) ?? 0;
                if (code == 0) Directory.CreateDirectory(o.Run.OutDir!);
                return Task.FromResult(code);
            },
            (o, _, _, _) =>
            {
                _evals.Add(o);
                Directory.CreateDirectory(o.Run.OutDir!);
                return Task.FromResult(0);
            });
        return SweepRun.RunAsync(options, new CcsConsole(_out, _err, false), steps,
            _root, default);
    }

    [Fact]
    public async Task Every_model_and_dataset_is_trained_then_evaluated_on_the_others()
    {
        Assert.Equal(0, await Run("sweep --models gpt2 EleutherAI/pythia-70m --datasets imdb super_glue:boolq --name s --prompt_indices 0 1"));

        string sweep = Path.Combine(_root, "s");
        Assert.Equal(
            [("gpt2", "imdb"), ("gpt2", "super_glue:boolq"), ("EleutherAI/pythia-70m", "imdb"), ("EleutherAI/pythia-70m", "super_glue:boolq")],
            _elicits.Select(e => (e.Data.Model, e.Data.Datasets.Single())));
        Assert.Equal(Path.Combine(sweep, "EleutherAI/pythia-70m", "super_glue:boolq"), _elicits[3].Run.OutDir);
        Assert.Equal(4, _evals.Count);
        var transfer = _evals[0];
        Assert.Equal(Path.Combine(sweep, "gpt2", "imdb"), transfer.Source);
        Assert.Equal(ValueList.Of("super_glue:boolq"), transfer.Data.Datasets);
        Assert.Equal(Path.Combine(sweep, "gpt2", "imdb", "transfer", "super_glue:boolq"), transfer.Run.OutDir);
        Assert.Equal(ValueList.Of(0, 1), transfer.Run.PromptIndices);   // forwarded, unlike the original (10.B5)
        Assert.False(transfer.SkipSupervised);
        Assert.Contains("Starting sweep over 2 models and 2 datasets (4 runs)", _out.ToString());
        Assert.Contains("===== EleutherAI/pythia-70m (2 of 2) =====", _out.ToString());
    }

    [Fact]
    public async Task A_pooled_entry_trains_on_its_components()
    {
        Assert.Equal(0, await Run("sweep --models m --datasets a b --add_pooled --net eigen --name p --supervised none"));
        Assert.Equal(["a", "b", "a+b"], _elicits.Select(e => string.Join("+", e.Data.Datasets)));
        Assert.Equal(ValueList.Of("a", "b"), _elicits[2].Data.Datasets);
        Assert.Equal(2, _evals.Count);   // a -> b and b -> a; the pooled run has no other dataset
        Assert.All(_evals, e => Assert.True(e.SkipSupervised));
    }

    [Fact]
    public async Task The_hparam_grid_stays_within_zero_and_one()
    {
        Assert.Equal([0.0, 0.5, 1.0], SweepGrid.Weights(0.5));
        Assert.Equal([0.0, 0.3, 0.6, 0.9], SweepGrid.Weights(0.3));     // the original went on to 1.2
        Assert.Equal([0.0, 0.7], SweepGrid.Weights(0.7));               // the original: 0, 0.7, 1.4

        Assert.Equal(0, await Run("sweep --models m --datasets a --net eigen --hparam_step 0.5 --name g"));
        Assert.Equal(9, _elicits.Count);
        var last = Assert.IsType<EigenNetOptions>(_elicits[^1].Net);
        Assert.Equal((1.0, 1.0), (last.VarWeight, last.NegCovWeight));
        Assert.Equal(Path.Combine(_root, "g", "m", "a", "var_weight=0.50", "neg_cov_weight=1.00"), _elicits[5].Run.OutDir);
    }

    [Fact]
    public async Task A_failing_cell_is_reported_and_the_rerun_redoes_only_it()
    {
        int code = await Run("sweep --models m1 m2 --datasets a b --name f",
            o => o.Data.Model == "m1" && o.Data.Datasets[0] == "b" ? throw new CcsException(ExitCode.BadInput, "boom") : 0);
        Assert.Equal(ExitCode.BadInput, code);
        Assert.Equal(4, _elicits.Count);
        Assert.Equal(3, _evals.Count);   // no transfer from the failed run
        Assert.Contains("ccs sweep: m1 on b failed: boom", _err.ToString());

        _elicits.Clear();
        _evals.Clear();
        Assert.Equal(0, await Run("sweep --models m1 m2 --datasets a b --name f"));
        Assert.Equal([("m1", "b")], _elicits.Select(e => (e.Data.Model, e.Data.Datasets[0])));
        Assert.Equal(["a"], _evals.Select(e => e.Data.Datasets[0]));
        Assert.Contains("m2 on a: already done, skipped", _out.ToString());
    }

    [Fact]
    public async Task Local_model_and_dataset_paths_name_their_folders_by_their_last_component()
    {
        Assert.Equal(0, await Run("sweep --models /models/all-MiniLM-L6-v2 /tmp/x/minilm-copy/ --datasets /data/imdb /data/super_glue_boolq " +
                                  "--add_pooled --net eigen --name l"));

        string sweep = Path.Combine(_root, "l");
        Assert.Equal(
        [
            Path.Combine(sweep, "all-MiniLM-L6-v2", "imdb"), Path.Combine(sweep, "all-MiniLM-L6-v2", "super_glue_boolq"),
            Path.Combine(sweep, "all-MiniLM-L6-v2", "imdb+super_glue_boolq"), Path.Combine(sweep, "minilm-copy", "imdb"),
            Path.Combine(sweep, "minilm-copy", "super_glue_boolq"), Path.Combine(sweep, "minilm-copy", "imdb+super_glue_boolq"),
        ], _elicits.Select(e => e.Run.OutDir));
        Assert.Equal("/models/all-MiniLM-L6-v2", _elicits[0].Data.Model);   // the run itself still gets the path
        Assert.Equal(ValueList.Of("/data/imdb", "/data/super_glue_boolq"), _elicits[2].Data.Datasets);
        Assert.Equal(Path.Combine(sweep, "all-MiniLM-L6-v2", "imdb", "transfer", "super_glue_boolq"), _evals[0].Run.OutDir);
        Assert.Equal(ValueList.Of("/data/super_glue_boolq"), _evals[0].Data.Datasets);
    }

    [Theory]
    [InlineData("--models /a/minilm /b/minilm --datasets imdb", "--models: /a/minilm and /b/minilm would share the sweep folder 'minilm'")]
    [InlineData("--models m --datasets /a/imdb /b/imdb", "--datasets: /a/imdb and /b/imdb would share the sweep folder 'imdb'")]
    public async Task Two_arguments_with_the_same_folder_name_are_rejected_before_anything_runs(string arguments, string message)
    {
        var e = await Assert.ThrowsAsync<CcsException>(() => Run($"sweep {arguments} --net eigen --name c"));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.StartsWith(message, e.Message);
        Assert.Empty(_elicits);
        Assert.False(Directory.Exists(Path.Combine(_root, "c")));
    }

    [Fact]
    public async Task Each_model_is_opened_once_for_all_its_cells_and_not_at_all_when_they_are_done()
    {
        Assert.Equal(0, await Run("sweep --models m1 m2 --datasets a b --add_pooled --net eigen --name o"));
        Assert.Equal(6, _elicits.Count);
        Assert.Equal(4, _evals.Count);
        Assert.Equal(["m1", "m2"], _opened);

        _opened.Clear();
        Assert.Equal(0, await Run("sweep --models m1 m2 --datasets a b --add_pooled --net eigen --name o"));
        Assert.Empty(_opened);
    }
}
