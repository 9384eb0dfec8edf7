using static TorchSharp.torch;

namespace Ccs.Checkpoints;

/// <summary>
/// The tensors of a model's weights, from one safetensors file or from every shard of an index, by name.
/// Disposing it unmaps the files.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _owner;

    private Checkpoint(string source, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> owner)
    {
        Source = source;
        _files = files;
        _owner = owner;
    }

    /// <summary>The single file or the index the checkpoint was opened from (for messages).</summary>
    public string Source { get; }

    /// <summary>Every tensor of every file, by name.</summary>
    public IEnumerable<SafetensorsTensorInfo> Tensors => _owner.Select(entry => entry.Value.Tensors[entry.Key]);

    /// <summary>The weights of a model folder (see <see cref="CheckpointFiles.Locate"/>).</summary>
    public static Checkpoint OpenFolder(string modelFolder) => Open(CheckpointFiles.Locate(modelFolder));

    /// <summary>A <c>.safetensors</c> file, or a <c>model.safetensors.index.json</c> and its shards.</summary>
    public static Checkpoint Open(string path)
    {
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? OpenSharded(path) : OpenSingle(path);
    }

    private static Checkpoint OpenSingle(string path)
    {
        var file = SafetensorsFile.Open(path);
        return new Checkpoint(path, [file], file.Tensors.Keys.ToDictionary(name => name, _ => file, StringComparer.Ordinal));
    }

    private static Checkpoint OpenSharded(string indexPath)
    {
        var index = ShardIndex.Read(indexPath);
        foreach (var group in index.WeightMap.GroupBy(e => e.Value))
        {
            if (!File.Exists(index.ShardPath(group.Key)))
                throw new CcsException(ExitCode.BadInput,
                    $"{indexPath}: shard {group.Key} is missing (the index lists {group.Count()} tensors in it)");
        }
        var files = new List<SafetensorsFile>();
        try
        {
            var owner = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (string shardPath in index.ShardPaths)
            {
                var file = SafetensorsFile.Open(shardPath);
                files.Add(file);
                foreach (string name in file.Tensors.Keys)
                {
                    if (!owner.TryAdd(name, file))
                        throw new CcsException(ExitCode.BadInput, $"{indexPath}: tensor '{name}' is in two shards ({Path.GetFileName(owner[name].Path)} and {Path.GetFileName(shardPath)})");
                }
            }
            foreach (var (name, shard) in index.WeightMap)
            {
                if (!owner.TryGetValue(name, out var file) || Path.GetFileName(file.Path) != shard)
                    throw new CcsException(ExitCode.BadInput, $"{indexPath}: the index puts '{name}' in {shard}, but that shard does not hold it");
            }
            return new Checkpoint(indexPath, files, owner);
        }
        catch
        {
            foreach (var file in files) file.Dispose();
            throw;
        }
    }

    public SafetensorsTensorInfo Info(string name) => _owner[name].Tensors[name];

    /// <summary>The tensor in its stored dtype, a view of the memory map; the caller disposes it.</summary>
    public Tensor Read(string name) => _owner[name].Read(name);

    public void Dispose()
    {
        foreach (var file in _files) file.Dispose();
    }
}
