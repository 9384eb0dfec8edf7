using System.Text.Json;
using Ccs.Extraction;
using Ccs.Tests.Support;

namespace Ccs.Tests.Extraction;

/// <summary>Spec 4.3 on the real MiniLM (BERT WordPiece) tokenizer; expected ids are line numbers of its vocab.txt.</summary>
public class PromptTokenizerTests
{
    private static int VocabId(string token) =>
        File.ReadLines(Path.Combine(ExtractionFixtures.MiniLm, "vocab.txt")).Select((t, i) => (t, i)).Single(p => p.t == token).i;

    [Fact]
    public void The_answer_follows_the_final_sep_with_no_special_token_of_its_own()
    {
        var tokenizer = new PromptTokenizer(ExtractionFixtures.MiniLmTokenizer(), _ => { });
        var example = tokenizer.Tokenize(ExtractionFixtures.Example(3, 1, "great", "positive"), 0);

        Assert.Equal(4, example.Choices.Count); // 2 variants × 2 choices, row-major
        int cls = VocabId("[CLS]"), sep = VocabId("[SEP]");
        Assert.Equal([cls, VocabId("great"), sep, VocabId("negative")], example.Choices[0].Ids);
        Assert.Equal([cls, VocabId("positive"), sep, VocabId("negative")], example.Choices[2].Ids);
        Assert.Equal([VocabId("positive")], example.Choices[3].Answer);
        Assert.Equal(cls, example.Choices[3].Question[0]);
        Assert.Equal(sep, example.Choices[3].Question[^1]);
    }

    [Fact]
    public void An_example_with_any_input_over_model_max_length_does_not_fit()
    {
        var tokenizer = new PromptTokenizer(ExtractionFixtures.MiniLmTokenizer(), _ => { });
        Assert.Equal(512, tokenizer.MaxLength); // tokenizer_config.json model_max_length
        string review = File.ReadLines(SharedMaterial.Path("data", "imdb", "test.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            .First(t => t.Split(' ').Length > 600);
        var fits = tokenizer.Tokenize(ExtractionFixtures.Example(0, 0, "short question", "another"), 0);
        var tooLong = tokenizer.Tokenize(ExtractionFixtures.Example(1, 0, "short question", review), 1);
        Assert.True(tokenizer.Fits(fits));
        Assert.False(tokenizer.Fits(tooLong));
        Assert.True(tooLong.LongestSequence > 512);
    }

    [Fact]
    public void An_encoder_decoder_gets_the_answer_as_its_target_with_the_end_token_and_no_leading_space()
    {
        // Expected ids: the t5-base reference of the Rust tokenizers library, special tokens added.
        var reference = JsonDocument.Parse(File.ReadAllBytes(SharedMaterial.Path("tokenizers", "t5-base", "reference.json")));
        int[] Ids(string text) => [.. reference.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("text").GetString() == text).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];
        var t5 = Ccs.Tokenization.TokenizerLoader.FromFolder(SharedMaterial.Path("tokenizers", "t5-base"));
        var tokenizer = new PromptTokenizer(t5, _ => { }, encoderDecoder: true);
        var prompt = new Ccs.Data.PromptedExample(0, 0, [[new Ccs.Data.PromptText("Hello world", "Hello, world!")]], ["t"]);
        var choice = tokenizer.Tokenize(prompt, 0).Choices.Single();
        Assert.Equal(Ids("Hello world"), choice.Question); // ends with </s>
        Assert.Equal(Ids("Hello, world!"), choice.Answer); // text_target: </s> appended, nothing in front
        Assert.Equal(1, choice.Answer[^1]);
    }
}
