using Ccs.Metrics;
using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Reporters;

/// <summary>What one layer's training produced: the Platt-scaled reporter, its <c>train_loss</c> (CCS only) and the baselines.</summary>
public sealed record LayerFit(IFittedReporter Reporter, double? TrainLoss, SupervisedFit Supervised, CcsFit? Ccs);

/// <summary>
/// The fitting part of <c>Elicit.apply_to_layer</c> (ccs/training/train.py): seed the global generator with
/// <c>net.seed + layer</c>, fit the reporter (CCS on the single training set, eigen over all of them) with its Platt
/// scaling, then the supervised baseline on the raw hidden states.
/// </summary>
public static class LayerTraining
{
    public static LayerFit Fit(NetOptions net, SupervisedMode supervised, IReadOnlyList<(Tensor Hiddens, Tensor Labels)> train, int layer)
    {
        if (train.Count == 0) throw new ArgumentException("no training data");
        long d = train[0].Hiddens.shape[^1], k = train[0].Hiddens.shape[^2];
        if (train.Any(t => t.Hiddens.shape[^1] != d))
            throw new CcsException(ExitCode.BadInput, "All datasets must have the same hidden state size");
        if (train.Any(t => t.Hiddens.shape[^2] != k))
            throw new CcsException(ExitCode.BadInput, "All datasets must have the same number of classes");
        var rng = new TorchCpuRandom((ulong)(net.Seed + layer));
        LayerFit fit = net switch
        {
            CcsNetOptions ccs when train.Count != 1 =>
                throw new CcsException(ExitCode.BadInput, "CCS only supports single-task training"),
            CcsNetOptions ccs => FromCcs(CcsFitter.Fit(ccs, train[0].Hiddens, train[0].Labels, rng)),
            EigenNetOptions eigen => new LayerFit(EigenFitter.Fit(eigen, train), null, new SupervisedFit([], null), null),
            _ => throw new ArgumentException($"unknown reporter options {net.GetType().Name}"),
        };
        return fit with { Supervised = SupervisedFitter.Fit(supervised, train) };
    }

    private static LayerFit FromCcs(CcsFit ccs) => new(ccs.Reporter, ccs.TrainLoss, new SupervisedFit([], null), ccs);
}
