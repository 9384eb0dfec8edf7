using Ccs.Plotting;
using Ccs.Runs;

namespace Ccs.Tests.Plotting;

/// <summary>The synthetic sweep, drawn once for all tests that look at the drawn files (rendering is the slow part).</summary>
public sealed class VisualizedSweepFixture : IDisposable
{
    private readonly TempFolder _temp = new();

    public VisualizedSweepFixture()
    {
        SweepsRoot = Path.Combine(_temp.Path, "sweeps");
        SweepPath = SyntheticSweep.Write(SweepsRoot, "demo-sweep");
        var console = new CcsConsole(Output, Errors, Verbose: false);
        Result = SweepVisualizer.Visualize(SweepPath, console);
    }

    public string SweepsRoot { get; }
    public string SweepPath { get; }
    public string Viz => Path.Combine(SweepPath, "viz");
    public StringWriter Output { get; } = new();
    public StringWriter Errors { get; } = new();
    public SweepVisualization Result { get; }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DrawnSweepCollection : ICollectionFixture<VisualizedSweepFixture>
{
    public const string Name = "drawn synthetic sweep";
}
