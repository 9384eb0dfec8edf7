using Ccs.Options;

namespace Ccs.Tests.Cli;

/// <summary>Real command lines become the records the runners receive (spec section 2).</summary>
public class CliParsingTests
{
    [Fact]
    public void Elicit_defaults_are_the_originals()
    {
        var options = CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb");
        Assert.Equal(
            new ElicitOptions(CliHarness.DefaultData("gpt2", "imdb"), CliHarness.DefaultCcs(), SupervisedMode.Single, CliHarness.DefaultRun()),
            options);
    }

    [Theory]
    [InlineData("snake")]
    [InlineData("kebab")]
    public void Elicit_every_flag_in_both_spellings(string spelling)
    {
        string line =
            "elicit EleutherAI/pythia-160m super_glue:boolq --data_dirs /tmp/d --binarize --max_examples 200 100 " +
            "--num_shots 2 --balance false --layer_stride 3 --data.seed 7 --template_path /tmp/t.yaml --token_loc mean " +
            "--use_encoder_states yes --net.seed 5 --supervised cv --activation relu --bias n --hidden_size 64 " +
            "--init zero --loss 1*ccs 0.5*js --norm leace --num_layers 2 --pre_ln --lr 0.1 --num_epochs 50 " +
            "--num_tries 3 --optimizer adam --weight_decay 0 --out_dir /tmp/out --prompt_indices 0 -1 " +
            "--save_logprobs --debug 1 --min_gpu_mem 1000000 --num_gpus 0 --disable_cache";
        if (spelling == "kebab")
        {
            line = System.Text.RegularExpressions.Regex.Replace(line, "--([a-z_]+)", m => "--" + m.Groups[1].Value.Replace('_', '-'));
        }

        var options = CliHarness.Parse<ElicitOptions>(line);

        var expected = new ElicitOptions(
            CliHarness.DefaultData("EleutherAI/pythia-160m", "super_glue:boolq") with
            {
                DataDirs = ValueList.Of("/tmp/d"), Binarize = true, MaxExamplesTrain = 200, MaxExamplesVal = 100,
                NumShots = 2, Balance = false, LayerStride = 3, Seed = 7, TemplatePath = "/tmp/t.yaml",
                TokenLoc = TokenLoc.Mean, UseEncoderStates = true,
            },
            CliHarness.DefaultCcs() with
            {
                Seed = 5, Activation = CcsActivation.Relu, Bias = false, HiddenSize = 64, Init = CcsInit.Zero,
                Loss = ValueList.Of(new LossTerm("ccs", 1.0), new LossTerm("js", 0.5)), Norm = CcsNorm.Leace,
                NumLayers = 2, PreLn = true, Lr = 0.1, NumEpochs = 50, NumTries = 3, Optimizer = CcsOptimizer.Adam,
                WeightDecay = 0,
            },
            SupervisedMode.Cv,
            new RunOptions("/tmp/out", ValueList.Of(0, -1), SaveLogprobs: true, ConcatenatedLayerOffset: 0, Debug: true,
                MinGpuMem: 1000000, NumGpus: 0, DisableCache: true));
        Assert.Equal(expected, options);
    }

    [Fact]
    public void Eigen_flags_and_options_interleaved_with_positionals()
    {
        var options = CliHarness.Parse<ElicitOptions>(
            "elicit --net eigen gpt2 --var_weight 0.2 imdb --neg_cov_weight 1 amazon_polarity --noerase_prompts " +
            "--use_centroids false --save_reporter_stats --num_heads 1 --layers 0 3 6");
        Assert.Equal(CliHarness.DefaultData("gpt2", "imdb", "amazon_polarity") with { Layers = ValueList.Of(0, 3, 6) }, options.Data);
        Assert.Equal(CliHarness.DefaultEigen() with { VarWeight = 0.2, NegCovWeight = 1, UseCentroids = false, SaveReporterStats = true },
            options.Net);
    }

    [Theory]
    [InlineData("--binarize", true)]
    [InlineData("--binarize true", true)]
    [InlineData("--binarize=Yes", true)]
    [InlineData("--binarize T", true)]
    [InlineData("--binarize 1", true)]
    [InlineData("--binarize false", false)]
    [InlineData("--binarize N", false)]
    [InlineData("--binarize 0", false)]
    [InlineData("--nobinarize", false)]
    [InlineData("--binarize --nobinarize", null)]
    [InlineData("", false)]
    public void Boolean_flags_accept_the_three_forms(string flag, bool? expected)
    {
        var cli = new CliHarness();
        int code = cli.Run($"elicit gpt2 imdb {flag}");
        if (expected is null)
        {
            Assert.Equal(ExitCode.Usage, code);
            return;
        }
        Assert.Equal(0, code);
        Assert.Equal(expected, Assert.IsType<ElicitOptions>(cli.Received).Data.Binarize);
    }

    [Fact]
    public void A_boolean_flag_never_swallows_the_following_positional()
    {
        var options = CliHarness.Parse<ElicitOptions>("elicit --binarize gpt2 imdb");
        Assert.Equal("gpt2", options.Data.Model);
        Assert.Equal(ValueList.Of("imdb"), options.Data.Datasets);
        Assert.True(options.Data.Binarize);
    }

    [Fact]
    public void Kebab_negation_of_a_multi_word_flag()
    {
        Assert.False(CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb --no-disable-cache").Run.DisableCache);
        Assert.False(CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb --nodisable_cache").Run.DisableCache);
        Assert.True(CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb --disable-cache").Run.DisableCache);
    }

    [Theory]
    [InlineData("", new[] { "ccs" }, new[] { 1.0 })]
    [InlineData("--loss", new[] { "ccs_prompt_var" }, new[] { 1.0 })]
    [InlineData("--loss 1.*js 10*ccs", new[] { "js", "ccs" }, new[] { 1.0, 10.0 })]
    [InlineData("--loss 007*ccs", new[] { "ccs" }, new[] { 7.0 })]
    [InlineData("--loss 0*ccs", new[] { "ccs" }, new[] { 0.0 })]
    public void Loss_terms(string flag, string[] names, double[] coefficients)
    {
        var net = Assert.IsType<CcsNetOptions>(CliHarness.Parse<ElicitOptions>($"elicit gpt2 imdb {flag}").Net);
        Assert.Equal(names, net.Loss.Select(t => t.Name));
        Assert.Equal(coefficients, net.Loss.Select(t => t.Coefficient));
    }

    [Fact]
    public void Bare_optional_value_flags_mean_none()
    {
        var options = CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb --out_dir --template_path --min_gpu_mem");
        Assert.Null(options.Run.OutDir);
        Assert.Null(options.Data.TemplatePath);
        Assert.Null(options.Run.MinGpuMem);
    }

    [Fact]
    public void Eval_takes_source_model_datasets_and_a_plain_seed()
    {
        var options = CliHarness.Parse<EvalOptions>("eval gpt2/imdb/naughty-northcutt gpt2 amazon_polarity --seed 3 --skip_supervised");
        Assert.Equal(
            new EvalOptions("gpt2/imdb/naughty-northcutt", CliHarness.DefaultData("gpt2", "amazon_polarity") with { Seed = 3 },
                CliHarness.DefaultRun(), SkipSupervised: true),
            options);
    }

    [Fact]
    public void Sweep_sorts_dedupes_and_appends_the_pooled_entry()
    {
        var options = CliHarness.Parse<SweepOptions>(
            "sweep --models gpt2 gpt2-medium --datasets imdb amazon_polarity imdb --add_pooled --net eigen --visualize --name s1");
        Assert.Equal(ValueList.Of("gpt2", "gpt2-medium"), options.Models);
        Assert.Equal(ValueList.Of("amazon_polarity", "imdb", "amazon_polarity+imdb"), options.Datasets);
        Assert.True(options.Visualize);
        Assert.Equal("s1", options.Name);
        Assert.Equal(-1.0, options.HparamStep);
        Assert.IsType<EigenNetOptions>(options.Template.Net);
    }

    [Fact]
    public void Sweep_expands_burns()
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("sweep --models gpt2 --datasets burns imdb"));
        var options = Assert.IsType<SweepOptions>(cli.Received);
        Assert.Equal(SweepDatasets.Burns.Order(StringComparer.Ordinal), options.Datasets);
        Assert.Contains("Interpreting `burns`", cli.Out.ToString());
    }

    [Fact]
    public void Plot_with_and_without_sweeps()
    {
        Assert.Equal(new PlotOptions(ValueList<string>.Empty, false), CliHarness.Parse<PlotOptions>("plot"));
        Assert.Equal(new PlotOptions(ValueList.Of("a", "b"), true), CliHarness.Parse<PlotOptions>("plot a --overwrite b"));
    }

    [Fact]
    public void Dead_options_are_accepted_with_a_warning_never_silently()
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("elicit gpt2 imdb --num_variants 3 --supervised_weight 0.5 --data_dirs x"));
        string err = cli.Err.ToString();
        Assert.Contains("num_variants is deprecated", err);
        Assert.Contains("--supervised_weight is ignored", err);
        Assert.Contains("--data_dirs is ignored", err);
    }

    [Fact]
    public void Help_lists_the_four_verbs_and_every_flag_with_defaults()
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("--help"));
        foreach (string verb in new[] { "elicit", "eval", "sweep", "plot" }) Assert.Contains(verb, cli.Out.ToString());

        var elicit = new CliHarness();
        Assert.Equal(0, elicit.Run("elicit --help"));
        string help = elicit.Out.ToString();
        foreach (string flag in new[]
                 {
                     "--data_dirs", "--binarize", "--int8", "--max_examples", "--num_shots", "--num_variants", "--balance",
                     "--layers", "--layer_stride", "--data.seed", "--template_path", "--token_loc", "--use_encoder_states",
                     "--net", "--net.seed", "--supervised", "--activation", "--bias", "--hidden_size", "--init", "--loss",
                     "--norm", "--num_layers", "--pre_ln", "--supervised_weight", "--lr", "--num_epochs", "--num_tries",
                     "--optimizer", "--weight_decay", "--var_weight", "--neg_cov_weight", "--num_heads",
                     "--save_reporter_stats", "--erase_prompts", "--use_centroids", "--out_dir", "--prompt_indices",
                     "--save_logprobs", "--concatenated_layer_offset", "--debug", "--min_gpu_mem", "--num_gpus",
                     "--disable_cache",
                 })
            Assert.Contains(flag, help);
        Assert.Contains("[default: 1000|1000]", help);
        Assert.Contains("[default: lbfgs]", help);
        Assert.Contains("[default: 0.5]", help);
    }
}
