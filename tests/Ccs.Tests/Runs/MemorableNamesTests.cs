using Ccs.Runs;

namespace Ccs.Tests.Runs;

public class MemorableNamesTests
{
    [Fact]
    public void The_originals_word_lists_are_shipped()
    {
        Assert.Equal(108, MemorableNames.Adjectives.Count);
        Assert.Equal(237, MemorableNames.Surnames.Count);
        Assert.Equal("admiring", MemorableNames.Adjectives[0]);
        Assert.Equal("agnesi", MemorableNames.Surnames[0]);
    }

    [Fact]
    public void Names_are_adjective_surname_and_never_reused()
    {
        string parent = Path.Combine(Path.GetTempPath(), $"ccs-names-{Guid.NewGuid():N}");
        try
        {
            var random = new Random(1);
            var made = Enumerable.Range(0, 200).Select(_ => MemorableNames.CreateDirectory(parent, random)).ToList();
            Assert.Equal(200, made.Distinct().Count());
            Assert.All(made, path =>
            {
                Assert.True(Directory.Exists(path));
                string[] parts = Path.GetFileName(path).Split('-', 2);
                Assert.Contains(parts[0], MemorableNames.Adjectives);
                Assert.Contains(parts[1], MemorableNames.Surnames);
            });
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
