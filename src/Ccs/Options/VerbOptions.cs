namespace Ccs.Options;

/// <summary><c>ccs elicit MODEL DATASET...</c> (spec 2.1).</summary>
public sealed record ElicitOptions(ExtractOptions Data, NetOptions Net, SupervisedMode Supervised, RunOptions Run);

/// <summary><c>ccs eval SOURCE MODEL DATASET...</c> (spec 2.2).</summary>
/// <param name="Source">The training run, relative to the reporter root unless absolute.</param>
public sealed record EvalOptions(string Source, ExtractOptions Data, RunOptions Run, bool SkipSupervised);

/// <summary><c>ccs sweep --models ... --datasets ...</c> (spec 2.3, section 8).</summary>
/// <param name="Datasets">The processed entry list: <c>burns</c> expanded, de-duplicated, ordinal-sorted, pooled entry last.</param>
/// <param name="HparamStep">&gt; 0: grid over the eigen weights; ≤ 0: no grid.</param>
/// <param name="Name">Sweep folder name; null = a memorable name.</param>
/// <param name="Template">The elicit options every run starts from (model, datasets and out_dir are set per run).</param>
public sealed record SweepOptions(
    ValueList<string> Models,
    ValueList<string> Datasets,
    bool AddPooled,
    double HparamStep,
    bool SkipTransferEval,
    bool Visualize,
    string? Name,
    ElicitOptions Template);

/// <summary><c>ccs plot [SWEEP...]</c> (spec 2.4).</summary>
/// <param name="Sweeps">Sweep names relative to <c>root/sweeps</c>; empty = the newest sweep.</param>
public sealed record PlotOptions(ValueList<string> Sweeps, bool Overwrite);
