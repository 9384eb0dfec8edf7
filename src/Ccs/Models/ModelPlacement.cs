using static TorchSharp.torch;

namespace Ccs.Models;

/// <summary>Where a model lives and which float type its weights and activations use; chosen by the caller.</summary>
public sealed record ModelPlacement(Device Device, ScalarType DType)
{
    public static ModelPlacement CpuFloat32 => new(CPU, ScalarType.Float32);

    /// <summary>The float types a model may run in.</summary>
    public static readonly IReadOnlyList<ScalarType> SupportedDTypes = [ScalarType.Float32, ScalarType.BFloat16, ScalarType.Float16];

    /// <summary>Parses <c>float32|bfloat16|float16</c> (also <c>fp32|bf16|fp16</c>, and transformers' <c>torch_dtype</c> spellings).</summary>
    public static ScalarType ParseDType(string name) => name.ToLowerInvariant() switch
    {
        "float32" or "fp32" or "float" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" or "half" => ScalarType.Float16,
        _ => throw new CcsException(ExitCode.BadInput, $"unknown model dtype '{name}' (expected float32, bfloat16 or float16)"),
    };
}
