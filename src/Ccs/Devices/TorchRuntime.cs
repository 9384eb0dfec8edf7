using System.Reflection;
using TorchSharp;

namespace Ccs.Devices;

/// <summary>Facts about the loaded torch runtime, for <c>ccs --version</c> and bug reports.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Loads libtorch and describes it, e.g. <c>TorchSharp 0.107.0, 2 CPU threads, CUDA: no</c>.
    /// Throws <see cref="CcsException"/> with the real cause when the native library cannot be loaded.
    /// </summary>
    public static string Describe()
    {
        string torchSharp = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                            ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";
        try
        {
            int threads = torch.get_num_threads();
            bool cuda = torch.cuda.is_available();
            string devices = cuda ? $"CUDA: yes ({torch.cuda.device_count()} devices)" : "CUDA: no";
            return $"TorchSharp {torchSharp}, {threads} CPU threads, {devices}";
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            throw new CcsException(ExitCode.InternalError,
                $"libtorch could not be loaded ({(e.InnerException ?? e).Message}); on glibc/libstdc++ older than GCC 13 " +
                "the build must patch libLibTorchSharp.so (see README, 'Platform notes')", e);
        }
    }

    /// <summary>
    /// Whether this build ships libtorch's CUDA library (the <c>-p:TorchBackend=cuda</c> build): only to tell the
    /// user why <c>--device cuda</c> finds no device.
    /// </summary>
    public static bool HasCudaLibTorch() =>
        new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") }
            .Any(folder => File.Exists(Path.Combine(folder, "libtorch_cuda.so")));
}
