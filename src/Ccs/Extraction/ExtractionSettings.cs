using Ccs.Caching;
using Ccs.Options;
using Ccs.Tokenization;

namespace Ccs.Extraction;

/// <summary>How one extraction runs. Only <see cref="Layers"/>, <see cref="TokenLoc"/> and <see cref="Storage"/>
/// change the stored numbers (and are in the cache key); the rest changes speed only (and float32 rounding).</summary>
/// <param name="BatchSize">Sequences per forward pass (questions, each with its answers, for the shared-prefix and
/// encoder-decoder passes); null: grouped by <see cref="TokenBudget"/>.</param>
/// <param name="PartSize">Kept examples per cache part file (and per length-sorting window).</param>
/// <param name="PaddingSide">Right by default, whatever the tokenizer says: models with absolute positions (BERT,
/// whose transformers embeddings number positions 0..T-1 regardless of the mask) would see left-padded tokens at
/// shifted positions, while causal models never attend to later pads. Left padding is only for models whose
/// positions follow the mask or the ids (RoBERTa).</param>
/// <param name="SharedPrefix">Decoder-only models run each question once and continue every answer from its cached
/// keys/values (<see cref="SharedPrefixStates"/>) wherever that is exact; false runs every (question, answer) in
/// full. Other models ignore it.</param>
public sealed record ExtractionSettings(
    IReadOnlyList<int> Layers,
    TokenLoc TokenLoc,
    HiddenStorage Storage,
    int? BatchSize = null,
    bool DisableCache = false,
    int PartSize = ExtractionSettings.DefaultPartSize,
    int TokenBudget = BatchPlan.DefaultTokenBudget,
    PaddingSide PaddingSide = PaddingSide.Right,
    bool SharedPrefix = true)
{
    public const int DefaultPartSize = 32;
}

/// <summary>One split to extract: its cache key, its example stream (enumerated afresh on every call) and its limit.</summary>
/// <param name="Name">For messages, e.g. <c>imdb train</c>.</param>
public sealed record SplitJob(string Name, CacheKey Key, Func<IEnumerable<Data.PromptedExample>> Examples, int MaxExamples);
