using static TorchSharp.torch;

namespace Ccs.Checkpoints;

/// <summary>How a tensor of a given safetensors dtype is treated when loading weights.</summary>
public enum TensorRole
{
    /// <summary>Floating-point weights: converted to the model's dtype on load.</summary>
    Weight,
    /// <summary>Integer or boolean buffers (e.g. <c>embeddings.position_ids</c>): never weights, skipped.</summary>
    Buffer,
    /// <summary>A float format libtorch cannot convert here (FP8): an error if the model needs it.</summary>
    Unsupported,
}

/// <summary>
/// A dtype name of the safetensors header (<c>"F32"</c>, <c>"BF16"</c>, ...) with its element size, mirroring the
/// <c>Dtype</c> enum of the safetensors crate (safetensors/src/tensor.rs).
/// </summary>
public sealed record SafetensorsDType(string Name, int ElementSize, TensorRole Role, ScalarType? TorchType)
{
    private static readonly Dictionary<string, SafetensorsDType> Known = new SafetensorsDType[]
    {
        new("F64", 8, TensorRole.Weight, ScalarType.Float64),
        new("F32", 4, TensorRole.Weight, ScalarType.Float32),
        new("F16", 2, TensorRole.Weight, ScalarType.Float16),
        new("BF16", 2, TensorRole.Weight, ScalarType.BFloat16),
        new("F8_E4M3", 1, TensorRole.Unsupported, null),
        new("F8_E5M2", 1, TensorRole.Unsupported, null),
        new("I64", 8, TensorRole.Buffer, null),
        new("U64", 8, TensorRole.Buffer, null),
        new("I32", 4, TensorRole.Buffer, null),
        new("U32", 4, TensorRole.Buffer, null),
        new("I16", 2, TensorRole.Buffer, null),
        new("U16", 2, TensorRole.Buffer, null),
        new("I8", 1, TensorRole.Buffer, null),
        new("U8", 1, TensorRole.Buffer, null),
        new("BOOL", 1, TensorRole.Buffer, null),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The dtype of that header name, or null when safetensors does not define it.</summary>
    public static SafetensorsDType? Find(string name) => Known.GetValueOrDefault(name);
}
