using Ccs.Tokenization;
using Xunit.Abstractions;

namespace Ccs.Tests.Tokenization;

/// <summary>
/// Every case of every <c>tokenizers/*/reference*.json</c> (ids from Hugging Face tokenizers and SentencePiece,
/// cross-checked by other implementations), run through the pipeline the file names; ids must match exactly.
/// </summary>
public sealed class TokenizerParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> ReferenceFiles() => new(TokenizerReferences.Files());

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Ids_match_the_reference(string referenceFile)
    {
        var reference = TokenizerReferences.Read(referenceFile);
        var tokenizer = TokenizerReferences.TokenizerFor(reference);
        var failures = TokenizerReferences.Mismatches(reference,
            text => tokenizer.Encode(text, reference.AddSpecialTokens));

        output.WriteLine($"{referenceFile}: {reference.Cases.Count - failures.Count}/{reference.Cases.Count} cases match ({tokenizer.Description})");
        Assert.True(failures.Count == 0,
            $"{referenceFile}: {failures.Count} of {reference.Cases.Count} cases differ:\n{string.Join("\n", failures.Take(15))}");
    }
}
