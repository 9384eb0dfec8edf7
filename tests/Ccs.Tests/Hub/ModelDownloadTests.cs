using Ccs.Hub;
using Ccs.Tests.Support;

namespace Ccs.Tests.Hub;

/// <summary>Model resolution against a loopback stand-in of the hub, with a real checkpoint (tiny-gpt2) as payload.</summary>
public sealed class ModelDownloadTests : IDisposable
{
    private readonly FakeHubServer _hub = new();
    private readonly HubTestFolder _folder = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly HubRepo _repo = new(RepoKind.Model, "tiny-org/tiny-gpt2");

    public ModelDownloadTests()
    {
        string source = SharedMaterial.Path("models", "tiny-gpt2");
        _files = new Dictionary<string, byte[]>
        {
            [".gitattributes"] = FakeCache.Text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n"),
            ["README.md"] = FakeCache.Text("# tiny gpt2\n"),
            ["config.json"] = File.ReadAllBytes(Path.Combine(source, "config.json")),
            ["generation_config.json"] = File.ReadAllBytes(Path.Combine(source, "generation_config.json")),
            ["model.safetensors"] = File.ReadAllBytes(Path.Combine(source, "model.safetensors")),
        };
    }

    private Task<ModelFolder> Locate(string argument, HubFiles files) => ModelLocator.LocateAsync(argument, files, CancellationToken.None);

    [Fact]
    public async Task Downloads_into_the_huggingface_hub_cache_layout()
    {
        string commit = _hub.Add(RepoKind.Model, _repo.Id, _files);
        using var files = _folder.Files(_hub.Endpoint);

        ModelFolder model = await Locate(_repo.Id, files);

        string repoFolder = _folder.RepoFolder(_repo);
        Assert.Equal(Path.Combine(_folder.CacheDir, "models--tiny-org--tiny-gpt2", "snapshots", commit), model.Path);
        Assert.Equal(commit, model.Commit);
        Assert.Equal(commit, File.ReadAllText(Path.Combine(repoFolder, "refs", "main")));
        foreach (string name in new[] { "config.json", "generation_config.json", "model.safetensors" })
        {
            byte[] expected = _files[name];
            string etag = FakeHubServer.IsLfs(name) ? FakeHubServer.Sha256(expected) : FakeHubServer.GitBlobId(expected);
            string pointer = Path.Combine(model.Path, name);
            Assert.Equal("../../blobs/" + etag, new FileInfo(pointer).LinkTarget);
            Assert.Equal(expected, File.ReadAllBytes(pointer));
        }
        Assert.False(File.Exists(Path.Combine(model.Path, "README.md")), "only the files a checkpoint needs are fetched");
        Assert.Empty(Directory.GetFiles(Path.Combine(repoFolder, "blobs"), "*.incomplete"));
        Assert.True(File.Exists(Path.Combine(_folder.CacheDir, ".locks", "models--tiny-org--tiny-gpt2", FakeHubServer.Sha256(_files["model.safetensors"]) + ".lock")));
    }

    [Fact]
    public async Task A_second_run_uses_the_cache_online_offline_and_when_the_hub_is_unreachable()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        string first;
        using (var files = _folder.Files(_hub.Endpoint)) first = (await Locate(_repo.Id, files)).Path;
        int requests = _hub.Log.Count;

        using (var files = _folder.Files(_hub.Endpoint)) Assert.Equal(first, (await Locate(_repo.Id, files)).Path);
        Assert.Equal(requests + 1, _hub.Log.Count); // only the revision lookup; every file was cached

        using (var files = _folder.Offline()) Assert.Equal(first, (await Locate(_repo.Id, files)).Path);
        using (var files = _folder.Files(FakeHubServer.UnreachableEndpoint())) Assert.Equal(first, (await Locate(_repo.Id, files)).Path);
        Assert.Contains(_folder.Warnings, w => w.Contains("cannot reach", StringComparison.Ordinal) && w.Contains("cache", StringComparison.Ordinal));
        Assert.Equal(requests + 1, _hub.Log.Count);
    }

    [Fact]
    public async Task A_connection_dropped_mid_file_is_resumed_with_a_range_request()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.DropOnce = ("model.safetensors", 100_000);
        using var files = _folder.Files(_hub.Endpoint);

        ModelFolder model = await Locate(_repo.Id, files);

        Assert.Equal(_files["model.safetensors"], File.ReadAllBytes(Path.Combine(model.Path, "model.safetensors")));
        var cdn = _hub.Log.Where(r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cdn.Count);
        Assert.Null(cdn[0].Range);
        Assert.Equal("bytes=100000-", cdn[1].Range);
    }

    [Fact]
    public async Task A_stalled_connection_times_out_and_is_resumed()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.DropOnce = ("model.safetensors", 200_000);
        _hub.StallBeforeDrop = TimeSpan.FromSeconds(10);
        using var files = _folder.Files(_hub.Endpoint, readTimeout: TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        ModelFolder model = await Locate(_repo.Id, files);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(_files["model.safetensors"], File.ReadAllBytes(Path.Combine(model.Path, "model.safetensors")));
        Assert.Equal("bytes=200000-", _hub.Log.Last(r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal)).Range);
    }

    [Fact]
    public async Task A_download_that_keeps_failing_gives_up_and_keeps_what_it_has_for_the_next_run()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.DropOnce = ("model.safetensors", 0);
        _hub.DropCount = 100;
        byte[] weights = _files["model.safetensors"];
        string incomplete = Path.Combine(_folder.RepoFolder(_repo), "blobs", FakeHubServer.Sha256(weights) + ".incomplete");
        Directory.CreateDirectory(Path.GetDirectoryName(incomplete)!);
        File.WriteAllBytes(incomplete, weights[..1234]);

        using (var files = _folder.Files(_hub.Endpoint))
        {
            var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id, files));
            Assert.StartsWith($"downloading 'model.safetensors' of model '{_repo.Id}' failed 5 times in a row (", error.Message, StringComparison.Ordinal);
            Assert.EndsWith($"1234 of {weights.Length} bytes are kept in {incomplete} and the next run resumes from there", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(5, _hub.Log.Count(r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal)));

        _hub.DropCount = 0;
        using (var files = _folder.Files(_hub.Endpoint))
            Assert.Equal(weights, File.ReadAllBytes(Path.Combine((await Locate(_repo.Id, files)).Path, "model.safetensors")));
        Assert.Equal("bytes=1234-", _hub.Log.Last().Range);
    }

    [Fact]
    public async Task A_cached_copy_is_used_when_the_hub_refuses_access()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        string first;
        using (var files = _folder.Files(_hub.Endpoint)) first = (await Locate(_repo.Id, files)).Path;
        _hub.RequiredToken = "hf_now_private";

        using (var files = _folder.Files(_hub.Endpoint)) Assert.Equal(first, (await Locate(_repo.Id, files)).Path);

        Assert.Contains(_folder.Warnings, w => w.Contains("(401)", StringComparison.Ordinal) && w.Contains("using the copy in the Hugging Face cache", StringComparison.Ordinal));
        using (var files = _folder.Files(_hub.Endpoint))
            await Assert.ThrowsAsync<HubHttpException>(() => Locate(_repo.Id + "@other-branch", files));
    }

    [Fact]
    public async Task An_incomplete_file_left_by_an_earlier_run_is_resumed()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        byte[] weights = _files["model.safetensors"];
        string blob = Path.Combine(_folder.RepoFolder(_repo), "blobs", FakeHubServer.Sha256(weights));
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        File.WriteAllBytes(blob + ".incomplete", weights[..50_000]);
        using var files = _folder.Files(_hub.Endpoint);

        ModelFolder model = await Locate(_repo.Id, files);

        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(model.Path, "model.safetensors")));
        Assert.Equal("bytes=50000-", Assert.Single(_hub.Log, r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal)).Range);
        Assert.False(File.Exists(blob + ".incomplete"));
    }

    [Fact]
    public async Task A_server_that_ignores_range_restarts_the_file()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.DropOnce = ("model.safetensors", 70_000);
        _hub.IgnoreRange = true;
        using var files = _folder.Files(_hub.Endpoint);

        ModelFolder model = await Locate(_repo.Id, files);

        Assert.Equal(_files["model.safetensors"], File.ReadAllBytes(Path.Combine(model.Path, "model.safetensors")));
    }

    [Fact]
    public async Task A_checksum_mismatch_fails_and_leaves_nothing_behind()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        string wrong = new('a', 64);
        _hub.WrongEtags["model.safetensors"] = wrong;
        using var files = _folder.Files(_hub.Endpoint);

        var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id, files));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("checksum mismatch for 'model.safetensors'", error.Message, StringComparison.Ordinal);
        Assert.Contains(FakeHubServer.Sha256(_files["model.safetensors"]), error.Message, StringComparison.Ordinal);
        string blobs = Path.Combine(_folder.RepoFolder(_repo), "blobs");
        Assert.False(File.Exists(Path.Combine(blobs, wrong)));
        Assert.Empty(Directory.GetFiles(blobs, "*.incomplete"));
    }

    [Fact]
    public async Task A_git_sha1_mismatch_of_a_small_file_fails()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.WrongEtags["config.json"] = new string('b', 40);
        using var files = _folder.Files(_hub.Endpoint);

        var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id, files));

        Assert.Contains("checksum mismatch for 'config.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains("git sha1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_larger_than_the_free_disk_space_is_refused_before_downloading()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.AnnouncedSizes["model.safetensors"] = 1L << 50; // 1.1 PB
        using var files = _folder.Files(_hub.Endpoint);

        var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id, files));

        Assert.Equal($"not enough disk space in {Path.Combine(_folder.RepoFolder(_repo), "blobs")} to download 'model.safetensors' of model '{_repo.Id}': 1125899906.8 MB needed", error.Message[..error.Message.IndexOf(',', StringComparison.Ordinal)]);
        Assert.DoesNotContain(_hub.Log, r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_revision_with_a_complete_cached_snapshot_needs_no_network()
    {
        string commit = _hub.Add(RepoKind.Model, _repo.Id, _files);
        using (var files = _folder.Files(_hub.Endpoint)) await Locate(_repo.Id, files);
        int requests = _hub.Log.Count;

        using (var files = _folder.Files(_hub.Endpoint))
            Assert.Equal(commit, (await Locate($"{_repo.Id}@{commit}", files)).Commit);

        Assert.Equal(requests, _hub.Log.Count);
    }

    [Fact]
    public async Task Unauthorized_asks_for_HF_TOKEN_and_never_prints_the_token()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.RequiredToken = "hf_right";

        using (var anonymous = _folder.Files(_hub.Endpoint))
        {
            var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id, anonymous));
            Assert.Contains("401", error.Message, StringComparison.Ordinal);
            Assert.Contains("HF_TOKEN", error.Message, StringComparison.Ordinal);
        }
        using (var wrongToken = _folder.Files(_hub.Endpoint, token: "hf_wrong_secret"))
        {
            var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id, wrongToken));
            Assert.Contains("rejected the token in HF_TOKEN", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("hf_wrong_secret", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("hf_wrong_secret", _folder.Settings(_hub.Endpoint, token: "hf_wrong_secret").ToString(), StringComparison.Ordinal);
        }
        using (var authorized = _folder.Files(_hub.Endpoint, token: "hf_right"))
        {
            await Locate(_repo.Id, authorized);
        }
        Assert.DoesNotContain("hf_", _folder.Progress.ToString() + string.Join("\n", _folder.Warnings), StringComparison.Ordinal);
        Assert.All(_hub.Log.Where(r => !r.Path.StartsWith("/cdn/", StringComparison.Ordinal) && r.Authorization is not null),
            r => Assert.StartsWith("Bearer ", r.Authorization, StringComparison.Ordinal));
        Assert.Contains(_hub.Log, r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal) && r.Authorization == "Bearer hf_right");
    }

    [Fact]
    public async Task A_gated_repository_says_so_and_mentions_HF_TOKEN()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        _hub.GatedRepos.Add(_repo.Id);
        using var files = _folder.Files(_hub.Endpoint, token: "hf_no_access");

        var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id, files));

        Assert.Equal($"model '{_repo.Id}' is gated and this token has no access (403): request access on {_hub.Endpoint}/{_repo.Id} and set HF_TOKEN to a token of that account", error.Message);
    }

    [Fact]
    public async Task Unknown_repositories_and_revisions_are_named()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        using var files = _folder.Files(_hub.Endpoint);

        var noRepo = await Assert.ThrowsAnyAsync<CcsException>(() => Locate("nobody/nothing", files));
        Assert.StartsWith($"model 'nobody/nothing' was not found on {_hub.Endpoint} (404)", noRepo.Message, StringComparison.Ordinal);

        var noRevision = await Assert.ThrowsAnyAsync<CcsException>(() => Locate(_repo.Id + "@v9", files));
        Assert.Equal($"revision 'v9' of model '{_repo.Id}' does not exist on {_hub.Endpoint} (404)", noRevision.Message);
    }

    [Fact]
    public async Task A_revision_after_the_at_sign_is_resolved_and_recorded_as_a_ref()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        string tagged = _hub.Add(RepoKind.Model, _repo.Id, new Dictionary<string, byte[]>(_files) { ["vocab.json"] = FakeCache.Text("{}") }, revision: "v1.0");
        using var files = _folder.Files(_hub.Endpoint);

        ModelFolder model = await Locate(_repo.Id + "@v1.0", files);

        Assert.Equal(tagged, model.Commit);
        Assert.Equal(tagged, File.ReadAllText(Path.Combine(_folder.RepoFolder(_repo), "refs", "v1.0")));
        Assert.True(File.Exists(Path.Combine(model.Path, "vocab.json")));
        Assert.False(File.Exists(Path.Combine(_folder.RepoFolder(_repo), "refs", "main")));
    }

    [Fact]
    public async Task Sharded_weights_are_fetched_through_their_index()
    {
        var sharded = new Dictionary<string, byte[]>
        {
            ["config.json"] = _files["config.json"],
            ["model.safetensors.index.json"] = FakeCache.Text(
                """{"metadata": {"total_size": 6}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors", "c": "model-00001-of-00002.safetensors"}}"""),
            ["model-00001-of-00002.safetensors"] = [1, 2, 3],
            ["model-00002-of-00002.safetensors"] = [4, 5, 6],
            ["pytorch_model.bin"] = [7, 7, 7],
        };
        _hub.Add(RepoKind.Model, _repo.Id, sharded);
        using var files = _folder.Files(_hub.Endpoint);

        ModelFolder model = await Locate(_repo.Id, files);

        Assert.Equal(
            ["config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json"],
            Directory.GetFiles(model.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Offline_without_the_file_in_the_cache_names_the_missing_file()
    {
        var repo = new HubRepo(RepoKind.Model, "gpt2");
        string commit = new('c', 40);
        FakeCache.AddSnapshot(_folder.CacheDir, repo, commit, new Dictionary<string, byte[]> { ["config.json"] = _files["config.json"] }, "main");
        using var files = _folder.Offline();

        var missingWeights = await Assert.ThrowsAnyAsync<CcsException>(() => Locate("gpt2", files));
        string expectedAt = Path.Combine(_folder.CacheDir, "models--gpt2", "snapshots", commit, "model.safetensors");
        Assert.Equal($"file 'model.safetensors' of model 'gpt2' (revision 'main') is not in the Hugging Face cache (looked for {expectedAt}) and HF_HUB_OFFLINE=1 forbids downloading it", missingWeights.Message);

        var missingRepo = await Assert.ThrowsAnyAsync<CcsException>(() => Locate("EleutherAI/pythia-70m", files));
        Assert.Contains("model 'EleutherAI/pythia-70m' (revision 'main') is not in the Hugging Face cache", missingRepo.Message, StringComparison.Ordinal);
        Assert.Contains("models--EleutherAI--pythia-70m", missingRepo.Message, StringComparison.Ordinal);
        Assert.Contains("HF_HUB_OFFLINE=1", missingRepo.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_hub_without_a_cached_copy_is_a_clear_error()
    {
        using var files = _folder.Files(FakeHubServer.UnreachableEndpoint());

        var error = await Assert.ThrowsAnyAsync<CcsException>(() => Locate("gpt2", files));

        Assert.Contains("model 'gpt2' (revision 'main') is not in the Hugging Face cache", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_shows_each_downloaded_file_with_its_size()
    {
        _hub.Add(RepoKind.Model, _repo.Id, _files);
        using (var files = _folder.Files(_hub.Endpoint)) await Locate(_repo.Id, files);

        string progress = _folder.Progress.ToString();
        Assert.Contains("\rDownloading model.safetensors: 0.5 MB / 0.5 MB 100%\n", progress, StringComparison.Ordinal);
        Assert.Contains("\rDownloading config.json: 0.0 MB / 0.0 MB 100%\n", progress, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _hub.Dispose();
        _folder.Dispose();
    }
}
