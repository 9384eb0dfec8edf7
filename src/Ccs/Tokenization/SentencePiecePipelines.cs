namespace Ccs.Tokenization;

/// <summary>
/// The SentencePiece ("slow") pipeline of a <c>.model</c> file: SentencePiece's own normalizer and segmentation,
/// as <c>SentencePieceProcessor.encode</c> returns them. Special-token strings in the text are plain text to it
/// (no added tokens), as the reference files of this pipeline record.
/// </summary>
internal static class SentencePiecePipelines
{
    /// <summary>Decoding: <c>▁</c> to spaces, byte pieces to text, the dummy-prefix space dropped.</summary>
    private static readonly ITokenDecoder Decoder = new SequenceDecoder(
        [new ReplaceDecoder("\u2581", " "), new ByteFallbackDecoder(), new FuseDecoder(), new StripDecoder(' ', 1, 0)]);

    public static TokenizerPipeline Build(SentencePieceModelFile model, SpecialTokenTemplate template)
    {
        ITokenModel tokens = model.IsBpe
            ? new SentencePieceBpeModel(model)
            : new UnigramModel(model.Pieces.Select(p => (p.Piece, (double)p.Score)).ToList(), model.UnkId,
                id => model.Pieces[id].Type is SentencePieceType.Normal or SentencePieceType.UserDefined);
        return new TokenizerPipeline(new AddedVocabulary([], null), new SentencePieceNormalizer(model), null, tokens,
            template, Decoder);
    }

    /// <summary>The piece name of an id of the trainer spec (negative = none).</summary>
    public static string? PieceName(SentencePieceModelFile model, int id) =>
        id >= 0 && id < model.Pieces.Count ? model.Pieces[id].Piece : null;
}
