namespace Ccs.Tests.Models;

/// <summary>Tests that run forward passes share the loaded models and run one after another (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class ModelTestCollection
{
    public const string Name = "forward passes";
}
