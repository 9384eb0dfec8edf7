using System.Diagnostics;
using System.Globalization;

namespace Ccs.Hub;

/// <summary>
/// Download progress on one self-overwriting stderr line, at most a few updates a second; silent when stderr is
/// not a terminal (logs and pipes get nothing), as a null sink.
/// </summary>
public sealed class DownloadProgress(TextWriter? sink)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Progress on the console's stderr when it is a terminal, else silent.</summary>
    public static DownloadProgress ForConsole() => new(Console.IsErrorRedirected ? null : Console.Error);

    public static DownloadProgress Silent { get; } = new(null);

    /// <summary>Starts a bar for one file of <paramref name="total"/> bytes, <paramref name="done"/> of which are on disk.</summary>
    public Bar Start(string name, long total, long done) => new(sink, name, total, done);

    public sealed class Bar
    {
        private readonly TextWriter? _sink;
        private readonly string _name;
        private readonly long _total;
        private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
        private long _done;

        internal Bar(TextWriter? sink, string name, long total, long done)
        {
            _sink = sink;
            _name = name.Length > 40 ? "…" + name[^39..] : name;
            _total = total;
            _done = done;
            Draw();
        }

        public void Advance(long bytes)
        {
            _done += bytes;
            if (_sinceDraw.Elapsed >= Interval) Draw();
        }

        /// <summary>Back to a given count, when a server ignored a Range request and the file restarts.</summary>
        public void Reset(long done)
        {
            _done = done;
            Draw();
        }

        public void Finish()
        {
            Draw();
            _sink?.WriteLine();
        }

        private void Draw()
        {
            _sinceDraw.Restart();
            if (_sink is null) return;
            string percent = _total > 0 ? $" {100.0 * _done / _total,3:0}%" : "";
            _sink.Write(string.Create(CultureInfo.InvariantCulture, $"\rDownloading {_name}: {Megabytes(_done)} / {Megabytes(_total)}{percent}"));
            _sink.Flush();
        }

        private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");
    }
}
