namespace DiffusionBot.Cli;

/// <summary>A cancellation source that Ctrl+C (first press) cancels instead of killing the process.</summary>
internal static class ConsoleCancellation
{
    public static CancellationTokenSource Create()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (source.IsCancellationRequested)
                return;
            e.Cancel = true;
            source.Cancel();
        };
        return source;
    }
}
