namespace Ccs.Options;

/// <summary>Which token's hidden state is kept (spec 4.4).</summary>
public enum TokenLoc { First, Last, Mean }

/// <summary>
/// Data and extraction options shared by elicit, eval and sweep (spec 2.5.1). Everything here changes the
/// extracted hidden states, so all of it belongs to the extraction cache key; cfg.yaml writes it as <c>data:</c>.
/// </summary>
/// <param name="Model">Hugging Face model id (optionally <c>@revision</c>) or a local folder.</param>
/// <param name="Datasets">Dataset specs in the order given (spec 3.1).</param>
/// <param name="DataDirs">Accepted for compatibility; the original never used them (spec 2.7).</param>
/// <param name="Layers">Requested layer indices (empty = all); resolved against the model's depth later.</param>
/// <param name="LayerStride">Values ≤ 1 mean no stride; &gt; 1 selects 0, 1, 1+s, … (spec 4.2).</param>
public sealed record ExtractOptions(
    string Model,
    ValueList<string> Datasets,
    ValueList<string> DataDirs,
    bool Binarize,
    bool Int8,
    int MaxExamplesTrain,
    int MaxExamplesVal,
    int NumShots,
    int NumVariants,
    bool Balance,
    ValueList<int> Layers,
    int LayerStride,
    int Seed,
    string? TemplatePath,
    TokenLoc TokenLoc,
    bool UseEncoderStates)
{
    public const int DefaultMaxExamples = 1000;
    public const int DefaultSeed = 42;
}
