using static TorchSharp.torch;

namespace Ccs.Devices;

/// <summary>The devices extraction runs on: the CPU, or one model replica per selected GPU.</summary>
/// <param name="Gpus">CUDA device indices in ascending order; empty = the CPU.</param>
public sealed record DeviceSelection(IReadOnlyList<int> Gpus)
{
    public static DeviceSelection Cpu { get; } = new(Array.Empty<int>());

    public bool IsCpu => Gpus.Count == 0;

    /// <summary>The torch devices, one per replica, in index order.</summary>
    public IReadOnlyList<Device> Devices => IsCpu ? [CPU] : [.. Gpus.Select(i => new Device(TorchSharp.DeviceType.CUDA, i))];

    /// <summary><c>cpu</c> or the GPUs as the original names them: <c>cuda:0, cuda:2</c>.</summary>
    public override string ToString() => IsCpu ? "cpu" : string.Join(", ", Gpus.Select(i => $"cuda:{i}"));
}
