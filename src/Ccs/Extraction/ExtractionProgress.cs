using System.Diagnostics;
using System.Globalization;
using Ccs.Runs;

namespace Ccs.Extraction;

/// <summary>One stderr line per finished part: examples so far, examples/s of this run, and the time left.</summary>
internal sealed class ExtractionProgress(string name, int limit, int alreadyKept, CcsConsole console)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public double ExamplesPerSecond { get; private set; }

    public void Report(int kept)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        int done = kept - alreadyKept;
        ExamplesPerSecond = seconds > 0 ? done / seconds : 0;
        string eta = ExamplesPerSecond > 0 ? Duration((limit - kept) / ExamplesPerSecond) : "?";
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {kept}/{limit} examples ({ExamplesPerSecond:0.##} examples/s, ETA {eta})"));
    }

    private static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";
    }
}
