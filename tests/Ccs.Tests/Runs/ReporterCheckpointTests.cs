using Ccs.Options;
using Ccs.Reporters;
using Ccs.Runs;
using Ccs.Tests.Checkpoints;
using Ccs.Tests.Cli;
using Ccs.Tests.Reporters;
using static TorchSharp.torch;

namespace Ccs.Tests.Runs;

/// <summary>
/// Reporter and LR checkpoints: fitted on reference hidden states, saved, loaded back, they must score every state
/// exactly as before; the files must follow the format the written README describes.
/// </summary>
public class ReporterCheckpointTests
{
    private const int Layer = 3, Rows = 40;

    public static TheoryData<string> Nets() => ["eigen", "ccs meanonly", "ccs burns", "ccs leace", "ccs mlp pre_ln"];

    [Theory]
    [MemberData(nameof(Nets))]
    public void A_saved_reporter_scores_exactly_as_the_fitted_one(string net)
    {
        var (train, labels, val) = Data();
        NetOptions options = Options(net);
        LayerFit fit = LayerTraining.Fit(options, net == "eigen" ? SupervisedMode.Single : SupervisedMode.None, [(train, labels)], Layer);
        using var temp = new TempFolder();
        ReporterCheckpoints.SaveReporter(temp.Path, Layer, fit.Reporter, options, fit.TrainLoss);
        LoadedReporter loaded = ReporterCheckpoints.LoadReporter(temp.Path, Layer);
        Assert.Equal(384, loaded.HiddenSize);
        foreach (Tensor x in new[] { train, val })
        {
            using Tensor want = fit.Reporter.Score(x), have = loaded.Reporter.Score(x);
            Assert.True(Same(want, have), $"{net}: scores differ by up to {(want - have).abs().max().item<float>()}");
        }
        if (net != "eigen") return;

        string lr = temp.File("lr");
        ReporterCheckpoints.SaveLogisticRegressions(lr, Layer, fit.Supervised.Models);
        LogisticRegression model = Assert.Single(ReporterCheckpoints.LoadLogisticRegressions(lr, Layer));
        using Tensor lrWant = fit.Supervised.Models[0].Score(val), lrHave = model.Score(val);
        Assert.True(Same(lrWant, lrHave));
        Assert.Empty(ReporterCheckpoints.LoadLogisticRegressions(lr, layer: 6));
    }

    [Fact]
    public void The_eigen_file_follows_the_readme_formula()
    {
        var (train, labels, val) = Data();
        NetOptions options = CliHarness.DefaultEigen();
        var reporter = (EigenReporter)LayerTraining.Fit(options, SupervisedMode.None, [(train, labels)], Layer).Reporter;
        using var temp = new TempFolder();
        ReporterCheckpoints.SaveReporter(temp.Path, Layer, reporter, options, null);
        Assert.Contains("raw = erase(x, t) @ t[\"weight\"].T", File.ReadAllText(WriteReadme(temp.Path)));

        // Read with an independent reader and apply the documented formula in double precision.
        var t = new SafetensorsReader(ReporterCheckpoints.TensorPath(temp.Path, Layer));
        float[] w = t.Floats("weight"), left = t.Floats("eraser.proj_left"), right = t.Floats("eraser.proj_right"), bias = t.Floats("eraser.bias");
        int d = w.Length, c = (int)t.Shape("eraser.proj_right")[0];
        float scale = t.Floats("platt_scale")[0], offset = t.Floats("platt_bias")[0];
        float[] x = val.reshape(-1, d).data<float>().ToArray();
        using Tensor scores = reporter.Score(val);
        float[] want = scores.flatten().data<float>().ToArray();
        for (int row = 0; row < want.Length; row += 97)
        {
            var proj = new double[c];
            for (int j = 0; j < c; j++)
                for (int i = 0; i < d; i++) proj[j] += (x[row * d + i] - bias[i]) * (double)right[j * d + i];
            double raw = 0;
            for (int i = 0; i < d; i++)
            {
                double erased = x[row * d + i];
                for (int j = 0; j < c; j++) erased -= proj[j] * left[i * c + j];
                raw += erased * w[i];
            }
            double score = scale * raw + offset;
            Assert.True(Math.Abs(score - want[row]) <= 1e-4 * Math.Max(1, Math.Abs(score)), $"row {row}: formula {score}, reporter {want[row]}");
        }
    }

    private static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.flatten().data<float>().ToArray().SequenceEqual(b.flatten().data<float>().ToArray());

    private static string WriteReadme(string folder)
    {
        CheckpointReadme.Write(folder);
        return Path.Combine(folder, "README.md");
    }

    private static (Tensor Train, Tensor Labels, Tensor Val) Data()
    {
        ReferenceCase c = ReferenceCase.Get("eigen-default");
        return (c.Hiddens("train", Layer).narrow(0, 0, Rows), tensor(c.Labels("train").Take(Rows).Select(l => (long)l).ToArray()),
            c.Hiddens("val", Layer).narrow(0, 0, Rows));
    }

    private static NetOptions Options(string net) => net switch
    {
        "eigen" => CliHarness.DefaultEigen(),
        "ccs meanonly" => CliHarness.DefaultCcs() with { NumTries = 2, NumEpochs = 40 },
        "ccs burns" => CliHarness.DefaultCcs() with { NumTries = 1, NumEpochs = 40, Norm = CcsNorm.Burns },
        "ccs leace" => CliHarness.DefaultCcs() with { NumTries = 1, NumEpochs = 40, Norm = CcsNorm.Leace },
        "ccs mlp pre_ln" => CliHarness.DefaultCcs() with
        {
            NumTries = 1, NumEpochs = 40, NumLayers = 3, HiddenSize = 8, PreLn = true, Activation = CcsActivation.Relu, Bias = false,
        },
        _ => throw new ArgumentException(net),
    };
}
