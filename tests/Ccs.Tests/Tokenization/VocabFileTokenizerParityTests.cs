using Ccs.Tests.Support;
using Ccs.Tokenization;

namespace Ccs.Tests.Tokenization;

/// <summary>
/// The pipelines built from the older files (<c>vocab.txt</c>; <c>vocab.json</c> + <c>merges.txt</c>), for every
/// tokenizer family that ships them, against that family's tokenizer.json references: transformers converts those
/// files into the same fast pipeline, so the ids must be the same.
/// </summary>
public sealed class VocabFileTokenizerParityTests
{
    public static TheoryData<string> ReferenceFiles() => new(TokenizerReferences.Files().Where(f =>
    {
        var reference = TokenizerReferences.Read(f);
        return reference.Pipeline == "tokenizer.json" && reference.SourceFile == "tokenizer.json" && VocabFilesOf(reference.FamilyFolder) is not null;
    }));

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Ids_from_vocabulary_files_match_the_reference(string referenceFile)
    {
        var reference = TokenizerReferences.Read(referenceFile);
        var tokenizer = VocabFilesOf(reference.FamilyFolder)!();
        var failures = TokenizerReferences.Mismatches(reference, text => tokenizer.Encode(text, reference.AddSpecialTokens));
        Assert.True(failures.Count == 0,
            $"{referenceFile} via {tokenizer.Description}: {failures.Count} of {reference.Cases.Count} cases differ:\n{string.Join("\n", failures.Take(15))}");
    }

    [Fact]
    public void Some_families_ship_vocabulary_files() => Assert.NotEmpty(ReferenceFiles());

    private static Func<Tokenizer>? VocabFilesOf(string folder)
    {
        string vocabJson = Path.Combine(folder, "vocab.json"), merges = Path.Combine(folder, "merges.txt"), vocabTxt = Path.Combine(folder, "vocab.txt");
        if (File.Exists(vocabJson) && File.Exists(merges)) return () => TokenizerLoader.FromByteLevelBpeFiles(vocabJson, merges);
        if (File.Exists(vocabTxt)) return () => TokenizerLoader.FromWordPieceVocab(vocabTxt);
        return null;
    }
}
