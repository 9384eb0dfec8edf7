namespace Ccs.Checkpoints;

/// <summary>One validated entry of a safetensors header; offsets are relative to the end of the header.</summary>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
