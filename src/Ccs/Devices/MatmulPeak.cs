using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Devices;

/// <summary>
/// The machine's dense matmul throughput for a dtype, measured in the same process as whatever it is compared
/// with (shared machines swing 2-4×, so only same-run ratios mean anything).
/// </summary>
public static class MatmulPeak
{
    /// <summary>Median GFLOP/s of <paramref name="repeats"/> n×n×n products after one warm-up.</summary>
    public static double Measure(ScalarType dtype, int n = 1024, int repeats = 5, Device? device = null)
    {
        device ??= CPU;
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var a = randn(n, n, dtype: dtype, device: device);
        var b = randn(n, n, dtype: dtype, device: device);
        a.matmul(b).Dispose();
        var seconds = new List<double>(repeats);
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using var c = a.matmul(b);
            if (device.type == DeviceType.CUDA) cuda.synchronize();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        return 2.0 * n * n * n / seconds[repeats / 2] / 1e9;
    }
}
