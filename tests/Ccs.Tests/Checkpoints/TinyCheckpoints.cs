using Ccs.Checkpoints;
using Ccs.Tests.Models;
using static Ccs.Tests.Checkpoints.SafetensorsWriter;

namespace Ccs.Tests.Checkpoints;

/// <summary>Copies of the shared tiny models with their weights rewritten (renamed, re-typed, split) by a test.</summary>
public static class TinyCheckpoints
{
    /// <summary>The raw tensors of a shared model's <c>model.safetensors</c>, in header order of their offsets.</summary>
    public static List<Entry> Entries(string modelFolder)
    {
        string path = Path.Combine(HiddenStateReference.ModelsRoot, modelFolder, "model.safetensors");
        var contents = SafetensorsHeader.Read(path);
        using var stream = File.OpenRead(path);
        return contents.Tensors.Values.OrderBy(t => t.Begin).Select(t =>
        {
            var data = new byte[t.End - t.Begin];
            stream.Position = contents.DataStart + t.Begin;
            stream.ReadExactly(data);
            return new Entry(t.Name, t.DType.Name, t.Shape, data);
        }).ToList();
    }

    /// <summary>A model folder in <paramref name="target"/>: the shared config plus <paramref name="entries"/> as model.safetensors.</summary>
    public static string Folder(TempFolder target, string modelFolder, IEnumerable<Entry> entries)
    {
        CopyConfig(target, modelFolder);
        Write(target.File(CheckpointFiles.SingleFile), entries);
        return target.Path;
    }

    public static void CopyConfig(TempFolder target, string modelFolder) =>
        File.Copy(Path.Combine(HiddenStateReference.ModelsRoot, modelFolder, "config.json"), target.File("config.json"));

    /// <summary>Float32 data widened to float64 (exact).</summary>
    public static Entry AsF64(Entry entry)
    {
        var floats = new float[entry.Data.Length / 4];
        Buffer.BlockCopy(entry.Data, 0, floats, 0, entry.Data.Length);
        return entry with { DType = "F64", Data = F64(floats.Select(f => (double)f).ToArray()) };
    }
}
