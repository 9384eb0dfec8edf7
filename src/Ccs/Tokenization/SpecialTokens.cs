namespace Ccs.Tokenization;

/// <summary>The ids of a tokenizer's named special tokens (transformers' <c>bos_token_id</c> etc.); null when unset.</summary>
public sealed record SpecialTokens(int? Bos, int? Eos, int? Unk, int? Pad, int? Cls, int? Sep, int? Mask)
{
    public static SpecialTokens None { get; } = new(null, null, null, null, null, null, null);
}

/// <summary>Which side padding goes to (transformers' <c>padding_side</c>).</summary>
public enum PaddingSide
{
    Right,
    Left,
}

/// <summary>Sequences padded to one length, with their attention masks (1 = real token).</summary>
public sealed record PaddedBatch(int[][] InputIds, int[][] AttentionMask);

/// <summary>
/// The ids of a CCS answer (spec 4.3) and, when the tokenizer split off the leading space but the bare answer did
/// not tokenize to the remaining ids, a warning (spec 10.B4).
/// </summary>
public sealed record AnswerEncoding(int[] Ids, string? Warning);
