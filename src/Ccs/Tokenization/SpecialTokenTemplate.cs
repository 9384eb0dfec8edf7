namespace Ccs.Tokenization;

/// <summary>
/// What the post-processor puts around a single sequence when special tokens are added (tokenizers
/// <c>TemplateProcessing</c> "single", <c>BertProcessing</c>, <c>RobertaProcessing</c>; <c>ByteLevel</c> adds nothing).
/// </summary>
public sealed record SpecialTokenTemplate(IReadOnlyList<int> Prefix, IReadOnlyList<int> Suffix)
{
    public static SpecialTokenTemplate None { get; } = new([], []);

    public int Count => Prefix.Count + Suffix.Count;

    public int[] Apply(IReadOnlyList<int> ids) => [.. Prefix, .. ids, .. Suffix];
}
