namespace Ccs.Tests.Cli;

/// <summary>Bad input gets one clear line on stderr, the right exit code, and never reaches a runner.</summary>
public class CliErrorTests
{
    [Theory]
    [InlineData("elicit gpt2 imdb --foo", "Unrecognized option '--foo'")]
    [InlineData("elicit gpt2 imdb --num_shots x", "Cannot parse argument 'x' for option '--num_shots'")]
    [InlineData("elicit gpt2 imdb --lr fast", "Cannot parse argument 'fast' for option '--lr'")]
    [InlineData("elicit gpt2 imdb --max_examples 10", "--max_examples")]
    [InlineData("elicit gpt2 imdb --layers 3 6 --layer_stride 2", "Cannot use both --layers and --layer_stride")]
    [InlineData("elicit gpt2 imdb --layers -1", "--layers must be non-negative")]
    [InlineData("elicit gpt2 imdb --loss .5*ccs", "Invalid loss term: .5*ccs")]
    [InlineData("elicit gpt2 imdb --loss 1e-3*ccs", "Invalid loss term: 1e-3*ccs")]
    [InlineData("elicit gpt2 imdb --loss -1*ccs", "Invalid loss term: -1*ccs")]
    [InlineData("elicit gpt2 imdb --loss ccs*2", "Invalid loss term: ccs*2")]
    [InlineData("elicit gpt2 imdb --loss 1.5.2*ccs", "Invalid loss term: 1.5.2*ccs")]
    [InlineData("elicit gpt2 imdb --loss prompt_var", "Unknown loss term: prompt_var")]
    [InlineData("elicit gpt2 imdb --loss ccs ccs", "Duplicate loss term: ccs")]
    [InlineData("elicit gpt2 imdb --loss 1*ccs 2*ccs", "Duplicate loss term: ccs")]
    [InlineData("elicit gpt2 imdb --net eigen --neg_cov_weight 2", "neg_cov_weight must be in [0, 1]")]
    [InlineData("elicit gpt2 imdb --net eigen --neg_cov_weight -0.1", "neg_cov_weight must be in [0, 1]")]
    [InlineData("elicit gpt2 imdb --net eigen --num_heads 0", "num_heads must be positive")]
    [InlineData("elicit gpt2 imdb --net eigen --num_heads 2", "--num_heads 2 is not supported")]
    [InlineData("elicit gpt2 imdb --net eigen --loss ccs", "--loss is a --net ccs option")]
    [InlineData("elicit gpt2 imdb --var_weight 0.1", "--var_weight is a --net eigen option")]
    [InlineData("elicit gpt2 imdb --net vinc", "--net")]
    [InlineData("elicit gpt2 imdb --token_loc middle", "--token_loc")]
    [InlineData("elicit gpt2 imdb --concatenated_layer_offset 1", "--concatenated_layer_offset 1 is not supported")]
    [InlineData("elicit gpt2 imdb --int8", "--int8 is not supported")]
    [InlineData("elicit gpt2 imdb --init pca --num_layers 2", "--init pca needs a linear probe")]
    [InlineData("elicit gpt2 imdb --init spherical --pre_ln", "--init spherical needs a linear probe")]
    [InlineData("elicit gpt2 imdb --seed 3", "Unrecognized option '--seed'")]
    [InlineData("elicit gpt2 imdb --balance=maybe", "invalid value 'maybe' for --balance")]
    [InlineData("elicit gpt2 imdb --nobalance=1", "--nobalance takes no value")]
    [InlineData("elicit gpt2 imdb amazon_polarity", "--net ccs trains on one dataset at a time")]
    [InlineData("elicit gpt2 imdb --data_dirs a b c", "data_dirs should be a list of length 0, 1, or len(datasets), but got 3")]
    [InlineData("elicit gpt2", "Required argument 'DATASET' missing")]
    [InlineData("elicit", "Required argument")]
    [InlineData("eval run gpt2", "Required argument 'DATASET' missing")]
    [InlineData("eval run gpt2 imdb --net.seed 1", "Unrecognized option '--net.seed'")]
    [InlineData("sweep --datasets imdb", "Option '--models' is required")]
    [InlineData("sweep --models gpt2 --datasets", "No datasets specified")]
    [InlineData("sweep --models --datasets imdb", "No models specified")]
    [InlineData("sweep --models gpt2 --datasets imdb --hparam_step 0.5", "Can only use hparam_step with --net eigen")]
    [InlineData("sweep --models gpt2 --datasets imdb --net eigen --hparam_step 1.5", "hparam_step must be in [0, 1]")]
    [InlineData("sweep --models gpt2 --datasets imdb amazon_polarity --add_pooled", "the pooled entry 'amazon_polarity+imdb' needs --net eigen")]
    [InlineData("sweep --models gpt2 --datasets imdb --out_dir x", "use --name instead of --out_dir")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("", "Required command was not provided")]
    public void Usage_errors_are_one_line_with_exit_code_2(string commandLine, string message)
    {
        var cli = new CliHarness();
        int code = cli.Run(commandLine);

        Assert.Equal(ExitCode.Usage, code);
        Assert.Null(cli.Received);
        string err = cli.Err.ToString();
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("ccs", err);
        Assert.Contains(": error: ", err);
        Assert.Contains(message, err);
        Assert.Equal("", cli.Out.ToString());
    }

    [Fact]
    public void Verbose_adds_the_stack_trace_and_internal_errors_say_so()
    {
        var quiet = new CliHarness();
        Assert.Equal(ExitCode.InternalError, quiet.Run(["plot"], runner: _ => throw new InvalidOperationException("boom")));
        Assert.Equal("ccs plot: error: internal error: InvalidOperationException: boom (run with --verbose for the stack trace)\n",
            quiet.Err.ToString());

        var verbose = new CliHarness();
        Assert.Equal(ExitCode.InternalError, verbose.Run(["plot", "-v"], runner: _ => throw new InvalidOperationException("boom")));
        Assert.Contains("   at ", verbose.Err.ToString());
    }

    [Fact]
    public void Cancellation_exits_130()
    {
        using var cancellation = new CancellationTokenSource();
        var cli = new CliHarness();
        int code = cli.Run(["plot"], cancellation.Token, runner: async ct =>
        {
            cancellation.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        });
        Assert.Equal(ExitCode.Cancelled, code);
        Assert.Equal("ccs plot: cancelled\n", cli.Err.ToString());
    }
}
