using System.Text;
using Ccs.Hub;

namespace Ccs.Tests.Hub;

/// <summary>The etag checks against digests published by git and NIST, not computed here.</summary>
public sealed class ContentHashTests
{
    [Theory]
    [InlineData("", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")] // `git hash-object /dev/null`
    [InlineData("hello\n", "ce013625030ba8dba906f756967f9e9ca394464a")] // `echo hello | git hash-object --stdin`
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")] // FIPS 180-2 sha256("abc")
    public void Etags_are_git_blob_ids_or_sha256(string content, string etag)
    {
        byte[] data = Encoding.ASCII.GetBytes(content);
        using var hash = ContentHash.For(etag, data.Length)!;
        hash.Append(data.AsSpan(0, data.Length / 2));
        hash.Append(data.AsSpan(data.Length / 2));
        Assert.True(hash.Matches(hash.Finish()));
    }

    [Fact]
    public void A_restart_forgets_what_was_appended_and_other_etags_are_not_checked()
    {
        using var hash = ContentHash.For("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3)!;
        hash.Append("xyz"u8);
        hash.Restart();
        hash.Append("abc"u8);
        Assert.True(hash.Matches(hash.Finish()));
        Assert.Null(ContentHash.For("\"not-a-digest\"", 3));
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("W/\"abc\"", "abc")]
    [InlineData("abc", "abc")]
    public void Etags_are_normalised_as_huggingface_hub(string header, string etag) =>
        Assert.Equal(etag, HubHttp.NormalizeEtag(header));
}
