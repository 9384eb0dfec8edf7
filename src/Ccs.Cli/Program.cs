using Ccs.Cli;
using Ccs.Runs;

// Ctrl-C cancels the running verb cleanly (exit 130); a second Ctrl-C terminates at once.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
};
return await CcsApp.RunAsync(args, Console.Out, Console.Error, VerbRunners.Default, cancellation.Token);
