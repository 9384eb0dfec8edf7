using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Cli;

namespace Ccs.Tests.Runs;

public class RunConfigFileTests
{
    /// <summary>The example of spec 9.3 (<c>ccs elicit gpt2 imdb</c>), with our type tags.</summary>
    [Fact]
    public void Elicit_defaults_match_the_originals_cfg_yaml()
    {
        var options = CliHarness.Parse<ElicitOptions>("elicit gpt2 imdb");
        string yaml = RunConfigFile.ForElicit(options, layers: [], "/home/user/ccs-reporters/gpt2/imdb/funny-name");
        Assert.Equal(
            """
            _type_: Elicit
            concatenated_layer_offset: 0
            data:
              _type_: Extract
              balance: true
              binarize: false
              data_dirs: []
              datasets:
              - imdb
              int8: false
              layers: []
              max_examples:
              - 1000
              - 1000
              model: gpt2
              num_shots: 0
              num_variants: -1
              seed: 42
              template_path: null
              token_loc: last
              use_encoder_states: false
            debug: false
            min_gpu_mem: null
            net:
              _type_: CcsConfig
              activation: gelu
              bias: true
              hidden_size: null
              init: default
              loss:
              - 1.0*ccs
              loss_dict:
                ccs: 1.0
              lr: 0.01
              norm: meanonly
              num_epochs: 1000
              num_layers: 1
              num_tries: 10
              optimizer: lbfgs
              pre_ln: false
              seed: 42
              supervised_weight: 0.0
              weight_decay: 0.01
            num_gpus: -1
            out_dir: /home/user/ccs-reporters/gpt2/imdb/funny-name
            prompt_indices: []
            supervised: single

            """.Replace("\r\n", "\n"),
            yaml);
    }

    [Fact]
    public void Eigen_net_block_and_values_that_need_quoting()
    {
        var options = CliHarness.Parse<ElicitOptions>("elicit org/model true --net eigen --template_path 1e5 --data.seed 7");
        string yaml = RunConfigFile.ForNet(options.Net);
        Assert.Equal(
            "_type_: EigenFitterConfig\nerase_prompts: false\nneg_cov_weight: 0.5\nnum_heads: 1\nsave_reporter_stats: false\nseed: 42\nuse_centroids: true\nvar_weight: 0.0\n",
            yaml);
        string full = RunConfigFile.ForElicit(options, layers: [0, 1, 5], "out");
        Assert.Contains("  - 'true'\n", full);          // a dataset called "true" stays a string
        Assert.Contains("  template_path: '1e5'\n", full);
        Assert.Contains("  layers:\n  - 0\n  - 1\n  - 5\n", full);
    }
}
