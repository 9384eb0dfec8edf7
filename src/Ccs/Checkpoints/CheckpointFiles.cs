namespace Ccs.Checkpoints;

/// <summary>
/// Finds the weights of a Hugging Face model folder: <c>model.safetensors</c>, else the sharded
/// <c>model.safetensors.index.json</c> (transformers' <c>SAFE_WEIGHTS_NAME</c> / <c>SAFE_WEIGHTS_INDEX_NAME</c>).
/// PyTorch pickles (<c>pytorch_model.bin</c>, <c>*.pt</c>) are never opened: unpickling runs arbitrary code.
/// </summary>
public static class CheckpointFiles
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>The path of the single file or of the index; throws <see cref="CcsException"/> when there is none.</summary>
    public static string Locate(string modelFolder)
    {
        if (!Directory.Exists(modelFolder))
            throw new CcsException(ExitCode.BadInput, $"{modelFolder}: model folder not found");
        string single = Path.Combine(modelFolder, SingleFile);
        if (File.Exists(single)) return single;
        string index = Path.Combine(modelFolder, IndexFile);
        if (File.Exists(index)) return index;

        var pickles = Directory.EnumerateFiles(modelFolder)
            .Select(Path.GetFileName)
            .Where(name => name is not null && (name.StartsWith("pytorch_model", StringComparison.Ordinal) && name.EndsWith(".bin", StringComparison.Ordinal)
                                               || name.EndsWith(".pt", StringComparison.Ordinal) || name.EndsWith(".pth", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (pickles.Count > 0)
            throw new CcsException(ExitCode.BadInput,
                $"{modelFolder}: has only PyTorch pickle weights ({string.Join(", ", pickles)}), which ccs never loads because unpickling can run arbitrary code; " +
                "convert them once to safetensors, e.g. in Python: AutoModel.from_pretrained(DIR).save_pretrained(DIR, safe_serialization=True)");
        throw new CcsException(ExitCode.BadInput, $"{modelFolder}: no {SingleFile} or {IndexFile}");
    }
}
