using Ccs.Tests.Support;
using Ccs.Tokenization;

namespace Ccs.Tests.Tokenization;

/// <summary>Loading from model folders: special ids and limits from the config files, decoding, and bad input.</summary>
public sealed class TokenizerLoaderTests
{
    [Fact]
    public void Bert_folder_reads_special_ids_and_limits_from_its_config()
    {
        // all-MiniLM-L6-v2's tokenizer_config.json / special_tokens_map.json name [CLS] [SEP] [PAD] [UNK] [MASK],
        // which are lines 102, 103, 1, 101, 104 of its vocab.txt; model_max_length is 512.
        var tokenizer = TokenizerLoader.FromFolder(SharedMaterial.Path("models", "all-MiniLM-L6-v2"));
        Assert.Equal(new SpecialTokens(null, null, 100, 0, 101, 102, 103), tokenizer.Special);
        Assert.Equal(512, tokenizer.ModelMaxLength);
        Assert.Equal(PaddingSide.Right, tokenizer.PaddingSide);
        Assert.Equal(30522, tokenizer.VocabularySize);
    }

    [Fact]
    public void Llama_folder_has_bos_and_eos_but_no_pad_and_no_length_limit()
    {
        var tokenizer = TokenizerLoader.FromFolder(SharedMaterial.Path("tokenizers", "llama-2"));
        Assert.Equal((int?)1, tokenizer.Special.Bos);
        Assert.Equal((int?)2, tokenizer.Special.Eos);
        Assert.Equal((int?)0, tokenizer.Special.Unk);
        Assert.Null(tokenizer.Special.Pad);
        Assert.Equal(long.MaxValue, tokenizer.ModelMaxLength);
        var error = Assert.Throws<CcsException>(() => tokenizer.Pad([[1, 2], [1]]));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("roberta-base")]
    [InlineData("llama-3")]
    public void Byte_level_decoding_without_normalizer_restores_every_reference_text(string family)
    {
        var reference = TokenizerReferences.Read(Path.Combine(family, "reference.no-special.json"));
        var tokenizer = TokenizerReferences.TokenizerFor(reference);
        foreach (var c in reference.Cases)
            Assert.Equal(c.Text, tokenizer.Decode(c.Ids, cleanUpTokenizationSpaces: false));
    }

    [Fact]
    public void Sentencepiece_decoding_drops_the_marker_of_the_leading_space()
    {
        var tokenizer = TokenizerLoader.FromFolder(SharedMaterial.Path("tokenizers", "mistral-7b"));
        Assert.Equal("Hello world", tokenizer.Decode([1, 22557, 1526], skipSpecialTokens: true));
        Assert.Equal("", tokenizer.Decode([28705]).Trim());
    }

    [Fact]
    public void Missing_folder_is_bad_input_naming_it()
    {
        string folder = Path.Combine(Path.GetTempPath(), "ccs-no-such-model-" + Guid.NewGuid());
        var error = Assert.Throws<CcsException>(() => TokenizerLoader.FromFolder(folder));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void Folder_without_tokenizer_files_is_bad_input()
    {
        var error = Assert.Throws<CcsException>(() => TokenizerLoader.FromFolder(SharedMaterial.Path("models", "tiny-gpt2")));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("no tokenizer files", error.Message);
    }

    [Theory]
    [InlineData("{\"model\": ")]
    [InlineData("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a b\"]}}")]
    public void Unusable_tokenizer_json_is_bad_input_naming_the_file(string content)
    {
        string folder = Directory.CreateTempSubdirectory("ccs-tokenizer-").FullName;
        try
        {
            string file = Path.Combine(folder, "tokenizer.json");
            File.WriteAllText(file, content);
            var error = Assert.Throws<CcsException>(() => TokenizerLoader.FromFolder(folder));
            Assert.Equal(ExitCode.BadInput, error.ExitCode);
            Assert.Contains(file, error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
