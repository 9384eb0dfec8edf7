using Ccs.Tokenization;

namespace Ccs.Tests.Tokenization;

/// <summary>
/// Spec 4.3 / 10.B4: the answer appended to a question is <c>" " + answer</c> without special tokens, except that
/// when the tokenizer splits the space off as a token of its own (SentencePiece's <c>▁</c>), the bare answer is used.
/// Checked on every reference file without special tokens that has both <c>"X"</c> and <c>" X"</c>; the expected
/// ids and token strings come from the reference.
/// </summary>
public sealed class AnswerEncodingTests
{
    public static TheoryData<string> ReferenceFiles() =>
        new(TokenizerReferences.Files().Where(f => !TokenizerReferences.Read(f).AddSpecialTokens));

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Answer_ids_follow_the_leading_space_rule(string referenceFile)
    {
        var reference = TokenizerReferences.Read(referenceFile);
        var tokenizer = TokenizerReferences.TokenizerFor(reference);
        var byText = reference.Cases.GroupBy(c => c.Text).ToDictionary(g => g.Key, g => g.First());
        var answers = byText.Keys.Where(t => t.Length > 1 && t[0] == ' ' && t[1] != ' ' && byText.ContainsKey(t[1..])).ToList();
        Assert.NotEmpty(answers);
        foreach (string spaced in answers)
        {
            var withSpace = byText[spaced];
            var bare = byText[spaced[1..]];
            bool spaceIsOwnToken = withSpace.Tokens.Length > 1 && IsSpaceMarker(withSpace.Tokens[0]);
            int[] expected = spaceIsOwnToken ? bare.Ids : withSpace.Ids;

            var answer = tokenizer.EncodeAnswer(spaced[1..]);
            Assert.True(expected.SequenceEqual(answer.Ids),
                $"{referenceFile} answer '{spaced[1..]}': expected [{string.Join(",", expected)}] got [{string.Join(",", answer.Ids)}]");
            Assert.Null(answer.Warning);
        }
    }

    /// <summary>A token string that stands for white space only (<c>▁</c> SentencePiece, <c>Ġ</c> byte-level).</summary>
    private static bool IsSpaceMarker(string token) => token.Replace('\u2581', ' ').Replace('\u0120', ' ').Trim().Length == 0;
}
