using Ccs.Hub;

namespace Ccs.Tests.Hub;

/// <summary>The environment variables huggingface_hub reads (constants.py), with the same precedence.</summary>
public sealed class HubSettingsTests
{
    private static HubSettings From(params (string Name, string Value)[] env)
    {
        var map = env.ToDictionary(e => e.Name, e => e.Value);
        map.TryAdd("HOME", "/home/u");
        return HubSettings.FromEnvironment(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void The_cache_folder_follows_HF_HUB_CACHE_then_HF_HOME_then_XDG_then_home()
    {
        Assert.Equal("/home/u/.cache/huggingface/hub", From().CacheDir);
        Assert.Equal("/x/huggingface/hub", From(("XDG_CACHE_HOME", "/x")).CacheDir);
        Assert.Equal("/h/hub", From(("HF_HOME", "/h"), ("XDG_CACHE_HOME", "/x")).CacheDir);
        Assert.Equal("/legacy", From(("HUGGINGFACE_HUB_CACHE", "/legacy"), ("HF_HOME", "/h")).CacheDir);
        Assert.Equal("/c", From(("HF_HUB_CACHE", "/c"), ("HUGGINGFACE_HUB_CACHE", "/legacy"), ("HF_HOME", "/h")).CacheDir);
        Assert.Equal("/home/u/models", From(("HF_HUB_CACHE", "~/models")).CacheDir);
    }

    [Fact]
    public void Endpoint_and_offline_mode()
    {
        Assert.Equal("https://huggingface.co", From().Endpoint);
        Assert.Equal("https://hf-mirror.example", From(("HF_ENDPOINT", "https://hf-mirror.example/")).Endpoint);
        Assert.False(From().Offline);
        foreach (string yes in new[] { "1", "ON", "yes", "True" }) Assert.True(From(("HF_HUB_OFFLINE", yes)).Offline);
        Assert.False(From(("HF_HUB_OFFLINE", "0")).Offline);
        Assert.True(From(("TRANSFORMERS_OFFLINE", "1")).Offline);
    }

    [Fact]
    public void The_token_comes_from_HF_TOKEN_else_the_token_file_and_is_never_shown()
    {
        var dir = Directory.CreateTempSubdirectory("ccs-hub-token-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "token"), "hf_from_file\n");
            Assert.Equal("hf_from_file", From(("HF_HOME", dir.FullName)).Token);
            Assert.Equal("hf_env", From(("HF_HOME", dir.FullName), ("HF_TOKEN", "hf_env")).Token);
            Assert.Null(From(("HF_HOME", "/nowhere")).Token);
            Assert.DoesNotContain("hf_env", From(("HF_TOKEN", "hf_env")).ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Timeouts_default_to_ten_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), From().RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), From(("HF_HUB_DOWNLOAD_TIMEOUT", "30")).ReadTimeout);
    }
}
