using TorchSharp;

namespace Ccs.Reporters;

/// <summary>
/// Constant TorchSharp scalars that live for the whole process. TorchSharp 0.107's <see cref="Scalar"/> frees its
/// native value in a finalizer, and an implicitly converted temporary (<c>1 - t</c>) is unreachable as soon as its
/// handle is passed to native code, so a garbage collection during that call can free the value under libtorch
/// ("Unknown scalar type"). Loss closures run thousands of times per fit, so they use these rooted constants and
/// <c>using</c> locals for the others, which stay alive until the end of their scope.
/// </summary>
internal static class HeldScalars
{
    public static readonly Scalar One = 1.ToScalar();

    public static readonly Scalar Two = 2.ToScalar();
}
