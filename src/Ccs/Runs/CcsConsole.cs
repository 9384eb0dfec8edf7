namespace Ccs.Runs;

/// <summary>Where a run writes: results and progress to <see cref="Out"/>, warnings and errors to <see cref="Error"/>.</summary>
public sealed record CcsConsole(TextWriter Out, TextWriter Error, bool Verbose)
{
    public static CcsConsole System(bool verbose) => new(Console.Out, Console.Error, verbose);

    public void Warn(string message) => Error.WriteLine("warning: " + message);
}
