using Ccs.Hub;
using Ccs.Tests.Support;

namespace Ccs.Tests.Hub;

/// <summary>
/// Models in a cache folder laid out exactly as huggingface_hub writes it (refs, snapshots with relative
/// symlinks into blobs, .no_exist), read offline so that nothing but the layout decides.
/// </summary>
public sealed class HubCacheLayoutTests : IDisposable
{
    private const string Main = "607a30d783dfa663caf39e06633721c8d4cfcd7e";
    private const string Older = "11c5a3d5811f50298f278a704980280950aedb10";
    private readonly HubTestFolder _folder = new();
    private readonly HubRepo _gpt2 = new(RepoKind.Model, "openai-community/gpt2");
    private readonly Dictionary<string, byte[]> _checkpoint;

    public HubCacheLayoutTests()
    {
        string source = SharedMaterial.Path("models", "tiny-gpt2");
        _checkpoint = new Dictionary<string, byte[]>
        {
            ["config.json"] = File.ReadAllBytes(Path.Combine(source, "config.json")),
            ["model.safetensors"] = File.ReadAllBytes(Path.Combine(source, "model.safetensors")),
        };
    }

    private async Task<ModelFolder> LocateOffline(string argument)
    {
        using var files = _folder.Offline();
        return await ModelLocator.LocateAsync(argument, files, CancellationToken.None);
    }

    [Fact]
    public async Task Branch_tag_and_commit_revisions_find_their_snapshots()
    {
        string main = FakeCache.AddSnapshot(_folder.CacheDir, _gpt2, Main, _checkpoint, "main");
        string older = FakeCache.AddSnapshot(_folder.CacheDir, _gpt2, Older, _checkpoint, "v1.0");

        Assert.Equal(main, (await LocateOffline("openai-community/gpt2")).Path);
        Assert.Equal(older, (await LocateOffline("openai-community/gpt2@v1.0")).Path);
        Assert.Equal(older, (await LocateOffline($"openai-community/gpt2@{Older}")).Path);
        Assert.Equal(Main, (await LocateOffline("openai-community/gpt2")).Commit);
    }

    [Fact]
    public async Task The_snapshot_files_are_the_blobs_behind_the_links()
    {
        string snapshot = FakeCache.AddSnapshot(_folder.CacheDir, _gpt2, Main, _checkpoint, "main");

        ModelFolder model = await LocateOffline("openai-community/gpt2");

        Assert.Equal(_checkpoint["model.safetensors"], File.ReadAllBytes(Path.Combine(model.Path, "model.safetensors")));
        Assert.Equal(Path.Combine(_folder.CacheDir, "models--openai-community--gpt2", "snapshots", Main), snapshot);
    }

    [Fact]
    public async Task A_commit_without_a_snapshot_or_an_unknown_branch_is_not_cached()
    {
        FakeCache.AddSnapshot(_folder.CacheDir, _gpt2, Main, _checkpoint, "main");

        var unknownCommit = await Assert.ThrowsAnyAsync<CcsException>(() => LocateOffline($"openai-community/gpt2@{Older}"));
        Assert.Contains("file 'config.json'", unknownCommit.Message, StringComparison.Ordinal);
        var unknownBranch = await Assert.ThrowsAnyAsync<CcsException>(() => LocateOffline("openai-community/gpt2@dev"));
        Assert.Contains("model 'openai-community/gpt2' (revision 'dev') is not in the Hugging Face cache", unknownBranch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dangling_link_counts_as_missing()
    {
        string snapshot = FakeCache.AddSnapshot(_folder.CacheDir, _gpt2, Main, _checkpoint, "main");
        File.Delete(Path.Combine(_folder.RepoFolder(_gpt2), "blobs", FakeHubServer.Sha256(_checkpoint["model.safetensors"])));

        var error = await Assert.ThrowsAnyAsync<CcsException>(() => LocateOffline("openai-community/gpt2"));

        Assert.Contains($"looked for {Path.Combine(snapshot, "model.safetensors")}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refs_no_exist_markers_and_nested_revisions_follow_huggingface_hub()
    {
        var cache = new HubCache(_folder.CacheDir);
        var imdb = new HubRepo(RepoKind.Dataset, "stanfordnlp/imdb");
        string folder = _folder.RepoFolder(imdb);
        Directory.CreateDirectory(Path.Combine(folder, ".no_exist", Main));
        File.WriteAllText(Path.Combine(folder, ".no_exist", Main, "dataset_infos.json"), "");

        cache.WriteRef(imdb, "refs/convert/parquet", Older);
        cache.WriteRef(imdb, Main, Main); // a commit is never written as a ref

        Assert.Equal(Older, File.ReadAllText(Path.Combine(folder, "refs", "refs", "convert", "parquet")));
        Assert.Equal(Older, cache.ResolveCommit(imdb, "refs/convert/parquet"));
        Assert.Equal(Main, cache.ResolveCommit(imdb, Main));
        Assert.Null(cache.ResolveCommit(imdb, "main"));
        Assert.False(Directory.Exists(Path.Combine(folder, "refs", Main)));
        Assert.True(cache.IsKnownMissing(imdb, Main, "dataset_infos.json"));
        Assert.False(cache.IsKnownMissing(imdb, Main, "README.md"));
        Assert.Throws<CcsException>(() => cache.ResolveCommit(imdb, "../../escape"));
        Assert.Throws<CcsException>(() => cache.PointerPath(imdb, Main, "../outside"));
    }

    [Theory]
    [InlineData(RepoKind.Model, "julien-c/EsperBERTo-small", "models--julien-c--EsperBERTo-small", "julien-c/EsperBERTo-small")]
    [InlineData(RepoKind.Model, "gpt2", "models--gpt2", "gpt2")]
    [InlineData(RepoKind.Dataset, "super_glue", "datasets--super_glue", "datasets/super_glue")]
    [InlineData(RepoKind.Dataset, "christykoh/imdb_pt", "datasets--christykoh--imdb_pt", "datasets/christykoh/imdb_pt")]
    public void Repository_folder_and_url_names(RepoKind kind, string id, string folder, string urlPath)
    {
        var repo = new HubRepo(kind, id);
        Assert.Equal(folder, repo.CacheFolderName);
        Assert.Equal(urlPath, repo.UrlPath);
    }

    [Theory]
    [InlineData("gpt2", true)]
    [InlineData("EleutherAI/pythia-70m", true)]
    [InlineData("microsoft/deberta-v2-xxlarge-mnli", true)]
    [InlineData("a/b/c", false)]
    [InlineData("org--name", false)]
    [InlineData("./my-model", false)]
    [InlineData("name.", false)]
    [InlineData("", false)]
    public void Repository_ids_are_validated_as_huggingface_hub_does(string id, bool valid) =>
        Assert.Equal(valid, HubRepo.IsValidId(id));

    [Fact]
    public async Task A_local_folder_wins_and_a_missing_path_is_named()
    {
        string local = SharedMaterial.Path("models", "tiny-gpt2");
        using var files = _folder.Offline();

        ModelFolder model = await ModelLocator.LocateAsync(local, files, CancellationToken.None);
        Assert.Equal(local, model.Path);
        Assert.Null(model.Repo);

        var error = await Assert.ThrowsAnyAsync<CcsException>(() => ModelLocator.LocateAsync("./no/such-model", files, CancellationToken.None));
        Assert.Equal("model './no/such-model' is neither an existing folder nor a Hugging Face hub id (name, org/name, org/name@revision)", error.Message);
    }

    public void Dispose() => _folder.Dispose();
}
