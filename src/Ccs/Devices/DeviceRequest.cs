using System.Globalization;

namespace Ccs.Devices;

/// <summary>What <c>--device</c> asks for.</summary>
public enum DeviceKind
{
    /// <summary>The original's choice (spec 4.1): the selected GPUs when CUDA is visible, else the CPU.</summary>
    Auto,
    Cpu,
    /// <summary>GPUs only: selected as <see cref="Auto"/>, or exactly <see cref="DeviceRequest.Index"/>.</summary>
    Cuda,
}

/// <summary>
/// A parsed <c>--device auto|cpu|cuda|cuda:N</c>. The default value is <c>auto</c>, so records that carry one
/// need no explicit default.
/// </summary>
/// <param name="Index">For <c>cuda:N</c>, the one device N; null for every other form.</param>
public readonly record struct DeviceRequest(DeviceKind Kind, int? Index = null)
{
    public static DeviceRequest Auto => default;

    public static DeviceRequest Cpu => new(DeviceKind.Cpu);

    /// <summary>Parses the flag's text; null when it is none of the accepted forms.</summary>
    public static DeviceRequest? TryParse(string text) => text switch
    {
        "auto" => Auto,
        "cpu" => Cpu,
        "cuda" => new DeviceRequest(DeviceKind.Cuda),
        _ when text.StartsWith("cuda:", StringComparison.Ordinal)
               && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            => new DeviceRequest(DeviceKind.Cuda, index),
        _ => null,
    };

    /// <summary>The flag's spelling: <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => Kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Cuda => Index is { } index ? $"cuda:{index}" : "cuda",
        _ => "auto",
    };
}
