using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Tests.Platform;

/// <summary>
/// libtorch really loads and computes in the test output (which gets the patched libLibTorchSharp.so, see
/// Directory.Build.targets): on Debian 12 the unpatched shim fails on the first torch call.
/// </summary>
public class TorchSharpTests
{
    [Fact]
    public void A_matrix_product_is_computed_by_libtorch()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }, [3, 2]);
        var c = a.matmul(b);
        // [[1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]]
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.data<float>().ToArray());
    }

    [Fact]
    public void Bf16_linear_algebra_runs_on_cpu()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var x = full(4, 2, 0.5f, dtype: ScalarType.BFloat16);
        var y = nn.functional.gelu(x.matmul(x.T));   // every entry: gelu(0.5) = 0.5 * Phi(0.5)
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        Assert.Equal(0.5f * 0.6914625f, y[0, 0].to_type(ScalarType.Float32).item<float>(), 3e-3f);
    }

    [Fact]
    public void The_patched_shim_is_what_the_test_output_loads()
    {
        string shim = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(shim), $"missing {shim}");
        string original = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(original), $"missing {original}");
        byte[] patched = File.ReadAllBytes(shim), source = File.ReadAllBytes(original);
        Assert.Equal(source.Length, patched.Length);
        int differing = patched.Zip(source).Count(p => p.First != p.Second);
        // A handful of bytes: the weak flags of the version needs and one .gnu.version entry.
        Assert.InRange(differing, 2, 16);
    }
}
