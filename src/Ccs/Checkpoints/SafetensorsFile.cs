using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Checkpoints;

/// <summary>
/// A validated safetensors file whose tensors are read through a lazy memory map (<c>torch.from_file</c>): the
/// whole file is mapped once per dtype present, and each tensor is a <c>narrow</c> of that map, so nothing is
/// copied until the weights are copied into the model, and tensors over 2 GB need no managed buffer.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly long _dataStart;
    private readonly long _fileLength;
    private readonly Dictionary<ScalarType, Tensor> _maps = [];

    private SafetensorsFile(string path, SafetensorsHeader.Contents contents, long fileLength)
    {
        Path = path;
        Tensors = contents.Tensors;
        _dataStart = contents.DataStart;
        _fileLength = fileLength;
    }

    public string Path { get; }

    /// <summary>Every entry of the header (weights and buffers), by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    /// <summary>Opens and validates <paramref name="path"/>; throws <see cref="CcsException"/> naming the problem.</summary>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new CcsException(ExitCode.BadInput, $"{path}: file not found");
        var contents = SafetensorsHeader.Read(path);
        return new SafetensorsFile(path, contents, new FileInfo(path).Length);
    }

    /// <summary>
    /// The tensor <paramref name="name"/> in its stored dtype, a view of the memory map. The caller disposes it
    /// (the map stays valid as long as this file is not disposed).
    /// </summary>
    public Tensor Read(string name)
    {
        var info = Tensors.GetValueOrDefault(name)
                   ?? throw new CcsException(ExitCode.BadInput, $"{Path}: no tensor '{name}'");
        if (info.DType.TorchType is not ScalarType torchType)
            throw new CcsException(ExitCode.BadInput, $"{Path}: tensor '{name}' has dtype {info.DType.Name}, which ccs cannot load as weights");
        int elementSize = info.DType.ElementSize;
        long byteOffset = _dataStart + info.Begin;
        // from_file has no byte offset: the map is indexed in elements, so the tensor must start on an element
        // boundary. Files written by the safetensors library always do (the header is padded to 8 bytes).
        if (byteOffset % elementSize != 0)
            throw new CcsException(ExitCode.BadInput,
                $"{Path}: tensor '{name}' starts at byte {byteOffset}, not a multiple of its {elementSize}-byte elements; rewrite the file with the safetensors library");
        var map = MapAs(torchType, elementSize);
        using var flat = map.narrow(0, byteOffset / elementSize, info.ElementCount);
        return flat.reshape(info.Shape);
    }

    private Tensor MapAs(ScalarType dtype, int elementSize)
    {
        if (!_maps.TryGetValue(dtype, out var map))
        {
            // shared: false maps the file privately (copy-on-write); the file itself is never written.
            map = torch.from_file(Path, shared: false, size: _fileLength / elementSize, dtype: dtype);
            // Owned by this file, not by whatever dispose scope the first read happened in.
            map.DetachFromDisposeScope();
            _maps[dtype] = map;
        }
        return map;
    }

    public void Dispose()
    {
        foreach (var map in _maps.Values) map.Dispose();
        _maps.Clear();
    }
}
