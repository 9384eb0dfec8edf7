using Ccs.Data;

namespace Ccs.Pipeline;

/// <summary><c>ccs prompts</c>: show the contrast pairs a dataset's templates produce (not part of the original tool).</summary>
/// <param name="Dataset">A dataset argument (spec 3.1): local file or folder, or hub <c>NAME[:CONFIG]</c>.</param>
/// <param name="Count">How many examples of the stream to show (<c>--num</c>).</param>
/// <param name="Split">Which split's stream: the one elicit trains on, or the one it validates on.</param>
/// <param name="Seed">The data seed (shuffling, binarization, few-shot sampling), as elicit's <c>--data.seed</c>.</param>
public sealed record PromptsOptions(
    string Dataset,
    string? TemplatePath,
    int Count,
    SplitRole Split,
    bool Binarize,
    int NumShots,
    int Seed,
    bool Balance)
{
    public const int DefaultCount = 3;

    public ExampleOptions Examples => new(Binarize, NumShots, Seed, Balance);
}
