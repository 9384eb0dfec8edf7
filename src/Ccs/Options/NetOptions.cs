namespace Ccs.Options;

public enum CcsActivation { Gelu, Relu, Swish }
public enum CcsInit { Default, Pca, Spherical, Zero }
public enum CcsNorm { Leace, Burns, MeanOnly }
public enum CcsOptimizer { Adam, Lbfgs }
public enum SupervisedMode { None, Single, Inlp, Cv }

/// <summary>The reporter family and its options (<c>--net ccs|eigen</c>, spec 2.5.2).</summary>
public abstract record NetOptions(int Seed)
{
    public const int DefaultSeed = 42;
}

/// <summary>Contrast-consistent search (spec 5.4).</summary>
/// <param name="HiddenSize">MLP width; null = floor(4·d/3). Only used with <paramref name="NumLayers"/> ≥ 2.</param>
/// <param name="Loss">Loss terms in the order given; the total loss is their weighted sum in that order.</param>
/// <param name="SupervisedWeight">Accepted for compatibility; never used by the original (spec 2.7).</param>
/// <param name="Lr">Adam learning rate; L-BFGS ignores it.</param>
/// <param name="NumEpochs">Adam steps, or L-BFGS max_iter.</param>
public sealed record CcsNetOptions(
    int Seed,
    CcsActivation Activation,
    bool Bias,
    int? HiddenSize,
    CcsInit Init,
    ValueList<LossTerm> Loss,
    CcsNorm Norm,
    int NumLayers,
    bool PreLn,
    double SupervisedWeight,
    double Lr,
    int NumEpochs,
    int NumTries,
    CcsOptimizer Optimizer,
    double WeightDecay) : NetOptions(Seed);

/// <summary>The eigen reporter: CRC / VINC (spec 5.5).</summary>
/// <param name="NegCovWeight">In [0, 1]; the invariance weight is 1 − this.</param>
/// <param name="NumHeads">Number of eigenvectors; only 1 is supported (the original crashes on more, spec 2.7).</param>
/// <param name="SaveReporterStats">Accepted for compatibility; never used by the original (spec 2.7).</param>
public sealed record EigenNetOptions(
    int Seed,
    double VarWeight,
    double NegCovWeight,
    int NumHeads,
    bool SaveReporterStats,
    bool ErasePrompts,
    bool UseCentroids) : NetOptions(Seed);
