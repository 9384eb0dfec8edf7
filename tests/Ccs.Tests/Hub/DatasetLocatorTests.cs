using Ccs.Hub;
using Ccs.Tests.Support;

namespace Ccs.Tests.Hub;

/// <summary>
/// Dataset specs resolved to split files: from a cache laid out as huggingface_hub / datasets leave it (offline),
/// and downloaded from a loopback stand-in of the hub, including the <c>refs/convert/parquet</c> export.
/// </summary>
public sealed class DatasetLocatorTests : IDisposable
{
    private const string ImdbCommit = "e6281661ce1c48d982bc483cf8a173c1bbeb5d31";
    private const string ExportCommit = "3a2ec8b5c2ba04ac9b1be1cdd59e04e2ea1b2bcb";
    private const string ScriptCommit = "b050a7b6e8e6bf4ea7e1c5b2b5d7e1b3c63a0e11";

    /// <summary>The YAML header the hub's parquet conversion writes into a dataset card (as stanfordnlp/imdb's).</summary>
    private const string ImdbCard = """
        ---
        language:
        - en
        dataset_info:
          config_name: plain_text
          features:
          - name: text
            dtype: string
          - name: label
            dtype:
              class_label:
                names:
                  '0': neg
                  '1': pos
        configs:
        - config_name: plain_text
          data_files:
          - split: train
            path: plain_text/train-*
          - split: test
            path: plain_text/test-*
          - split: unsupervised
            path: plain_text/unsupervised-*
          default: true
        ---
        # Dataset Card for "imdb"
        """;

    private readonly HubTestFolder _folder = new();
    private readonly FakeHubServer _hub = new();
    private readonly byte[] _rows = File.ReadAllBytes(SharedMaterial.Path("data", "imdb", "test.jsonl"));

    private Dictionary<string, byte[]> ImdbFiles() => new()
    {
        [".gitattributes"] = FakeCache.Text("*.parquet filter=lfs diff=lfs merge=lfs -text\n"),
        ["README.md"] = FakeCache.Text(ImdbCard),
        ["plain_text/train-00000-of-00001.parquet"] = _rows[..1000],
        ["plain_text/test-00000-of-00001.parquet"] = _rows[1000..2000],
        ["plain_text/unsupervised-00000-of-00001.parquet"] = _rows[2000..3000],
    };

    private static Dictionary<string, byte[]> SuperGlueScriptFiles() => new()
    {
        ["README.md"] = FakeCache.Text("---\nlanguage:\n- en\n---\n# SuperGLUE\n"),
        ["super_glue.py"] = FakeCache.Text("# loading script\n"),
    };

    private static Dictionary<string, byte[]> SuperGlueExportFiles() => new()
    {
        ["boolq/train/0000.parquet"] = [1, 1],
        ["boolq/validation/0000.parquet"] = [2, 2],
        ["boolq/test/0000.parquet"] = [3, 3],
        ["rte/train/0000.parquet"] = [4, 4],
        ["rte/partial-validation/0000.parquet"] = [5, 5],
    };

    private async Task<DatasetLocation> LocateOffline(string spec)
    {
        using var files = _folder.Offline();
        return await DatasetLocator.LocateAsync(spec, files, CancellationToken.None);
    }

    private static void AssertSplits(HubDataset dataset, string snapshot, params (string Split, string File)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Split), dataset.Splits.Select(s => s.Name));
        Assert.Equal(expected.Select(e => Path.Combine(snapshot, e.File)), dataset.Splits.Select(s => Assert.Single(s.Files)));
    }

    [Fact]
    public async Task A_dataset_cached_by_the_datasets_library_is_found_without_a_ref()
    {
        var imdb = new HubRepo(RepoKind.Dataset, "imdb");
        string snapshot = FakeCache.AddSnapshot(_folder.CacheDir, imdb, ImdbCommit, ImdbFiles());

        var dataset = Assert.IsType<HubDataset>(await LocateOffline("imdb"));

        Assert.Equal("plain_text", dataset.Config);
        Assert.Equal(ImdbCommit, dataset.Commit);
        AssertSplits(dataset, snapshot,
            ("train", "plain_text/train-00000-of-00001.parquet"),
            ("test", "plain_text/test-00000-of-00001.parquet"),
            ("unsupervised", "plain_text/unsupervised-00000-of-00001.parquet"));
        Assert.Equal(_rows[1000..2000], File.ReadAllBytes(dataset.Splits[1].Files[0]));
    }

    [Fact]
    public async Task A_script_dataset_is_read_from_its_cached_parquet_export()
    {
        var superGlue = new HubRepo(RepoKind.Dataset, "super_glue");
        FakeCache.AddSnapshot(_folder.CacheDir, superGlue, ScriptCommit, SuperGlueScriptFiles(), "main");
        string export = FakeCache.AddSnapshot(_folder.CacheDir, superGlue, ExportCommit, SuperGlueExportFiles(), "refs/convert/parquet");

        var boolq = Assert.IsType<HubDataset>(await LocateOffline("super_glue:boolq"));

        Assert.Equal(("boolq", "refs/convert/parquet", ExportCommit), (boolq.Config, boolq.Revision, boolq.Commit));
        AssertSplits(boolq, export, ("test", "boolq/test/0000.parquet"), ("train", "boolq/train/0000.parquet"), ("validation", "boolq/validation/0000.parquet"));

        var rte = Assert.IsType<HubDataset>(await LocateOffline("super_glue:rte"));
        AssertSplits(rte, export, ("train", "rte/train/0000.parquet")); // a partial (truncated) export split is not used
    }

    [Fact]
    public async Task Configs_must_be_named_when_there_are_several_and_must_exist()
    {
        var superGlue = new HubRepo(RepoKind.Dataset, "super_glue");
        FakeCache.AddSnapshot(_folder.CacheDir, superGlue, ExportCommit, SuperGlueExportFiles(), "refs/convert/parquet");
        var imdb = new HubRepo(RepoKind.Dataset, "imdb");
        FakeCache.AddSnapshot(_folder.CacheDir, imdb, ImdbCommit, ImdbFiles());

        var ambiguous = await Assert.ThrowsAnyAsync<CcsException>(() => LocateOffline("super_glue"));
        Assert.Equal("dataset 'super_glue' has several configs (boolq, rte); name one as NAME:CONFIG", ambiguous.Message);
        var unknown = await Assert.ThrowsAnyAsync<CcsException>(() => LocateOffline("imdb:nope"));
        Assert.Equal("dataset 'imdb' has no config 'nope' (its configs: plain_text)", unknown.Message);
        var missing = await Assert.ThrowsAnyAsync<CcsException>(() => LocateOffline("super_glue:copa"));
        Assert.StartsWith("dataset 'super_glue' has no data files for config 'copa'", missing.Message, StringComparison.Ordinal);
        var notCached = await Assert.ThrowsAnyAsync<CcsException>(() => LocateOffline("ag_news"));
        Assert.Contains("in the Hugging Face cache at " + Path.Combine(_folder.CacheDir, "datasets--ag_news"), notCached.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_folders_and_files_pass_through_unchanged()
    {
        string folder = SharedMaterial.Path("data", "super_glue_boolq");
        string file = SharedMaterial.Path("data", "imdb", "test.jsonl");

        Assert.Equal(new LocalDataset(folder + ":boolq", folder, "boolq"), await LocateOffline(folder + ":boolq"));
        Assert.Equal(new LocalDataset(file, file, null), await LocateOffline(file));
        Assert.Equal(new LocalDataset(folder + ":", folder, null), await LocateOffline(folder + ":"));
    }

    [Fact]
    public async Task A_hub_dataset_is_downloaded_by_its_card_configs()
    {
        string commit = _hub.Add(RepoKind.Dataset, "stanfordnlp/imdb", ImdbFiles());
        using var files = _folder.Files(_hub.Endpoint);

        var dataset = Assert.IsType<HubDataset>(await DatasetLocator.LocateAsync("stanfordnlp/imdb", files, CancellationToken.None));

        string snapshot = Path.Combine(_folder.CacheDir, "datasets--stanfordnlp--imdb", "snapshots", commit);
        AssertSplits(dataset, snapshot,
            ("train", "plain_text/train-00000-of-00001.parquet"),
            ("test", "plain_text/test-00000-of-00001.parquet"),
            ("unsupervised", "plain_text/unsupervised-00000-of-00001.parquet"));
        Assert.Equal(_rows[..1000], File.ReadAllBytes(dataset.Splits[0].Files[0]));
        Assert.Contains(_hub.Log, r => r.Path == "/api/datasets/stanfordnlp/imdb/revision/main");
        Assert.Contains(_hub.Log, r => r.Method == "HEAD" && r.Path == $"/datasets/stanfordnlp/imdb/resolve/{commit}/plain_text/test-00000-of-00001.parquet");
        Assert.Equal(commit, File.ReadAllText(Path.Combine(_folder.CacheDir, "datasets--stanfordnlp--imdb", "refs", "main")));
    }

    [Fact]
    public async Task A_moved_dataset_is_followed_and_cached_under_the_name_given()
    {
        string commit = _hub.Add(RepoKind.Dataset, "stanfordnlp/imdb", ImdbFiles());
        _hub.Moved["imdb"] = "stanfordnlp/imdb";
        using var files = _folder.Files(_hub.Endpoint);

        var dataset = Assert.IsType<HubDataset>(await DatasetLocator.LocateAsync("imdb", files, CancellationToken.None));

        Assert.Equal(commit, dataset.Commit);
        Assert.StartsWith(Path.Combine(_folder.CacheDir, "datasets--imdb", "snapshots", commit), dataset.Splits[0].Files[0], StringComparison.Ordinal);
        Assert.Contains(_hub.Log, r => r.Method == "HEAD" && r.Path == $"/datasets/imdb/resolve/{commit}/README.md");
        Assert.Contains(_hub.Log, r => r.Method == "HEAD" && r.Path == $"/datasets/stanfordnlp/imdb/resolve/{commit}/README.md");
    }

    [Fact]
    public async Task A_script_dataset_is_downloaded_from_the_parquet_export_branch()
    {
        _hub.Add(RepoKind.Dataset, "super_glue", SuperGlueScriptFiles());
        string export = _hub.Add(RepoKind.Dataset, "super_glue", SuperGlueExportFiles(), revision: "refs/convert/parquet");
        using var files = _folder.Files(_hub.Endpoint);

        var boolq = Assert.IsType<HubDataset>(await DatasetLocator.LocateAsync("super_glue:boolq", files, CancellationToken.None));

        Assert.Equal(export, boolq.Commit);
        Assert.Equal(["test", "train", "validation"], boolq.Splits.Select(s => s.Name));
        Assert.Equal(new byte[] { 2, 2 }, File.ReadAllBytes(boolq.Splits[2].Files[0]));
        Assert.Contains(_hub.Log, r => r.Path == "/api/datasets/super_glue/revision/refs%2Fconvert%2Fparquet");
        Assert.Equal(export, File.ReadAllText(Path.Combine(_folder.CacheDir, "datasets--super_glue", "refs", "refs", "convert", "parquet")));

        using var offline = _folder.Offline();
        var again = Assert.IsType<HubDataset>(await DatasetLocator.LocateAsync("super_glue:boolq", offline, CancellationToken.None));
        Assert.Equal(boolq, again with { Splits = boolq.Splits });
        Assert.Equal(boolq.Splits.SelectMany(s => s.Files), again.Splits.SelectMany(s => s.Files));
    }

    [Fact]
    public async Task Hub_errors_for_datasets_are_one_clear_line()
    {
        using var files = _folder.Files(_hub.Endpoint);
        var error = await Assert.ThrowsAnyAsync<CcsException>(() => DatasetLocator.LocateAsync("nobody/nothing:x", files, CancellationToken.None));
        Assert.StartsWith($"dataset 'nobody/nothing' was not found on {_hub.Endpoint} (404)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);

        var bad = await Assert.ThrowsAnyAsync<CcsException>(() => DatasetLocator.LocateAsync("./missing/folder", files, CancellationToken.None));
        Assert.Equal("dataset './missing/folder' is neither an existing path nor a Hugging Face hub dataset (name, org/name, with an optional :config)", bad.Message);
    }

    public void Dispose()
    {
        _hub.Dispose();
        _folder.Dispose();
    }
}
