namespace DiffusionBot.DemoModels;

/// <summary>The built-in demo model that <c>generate</c> uses when no real model is configured.</summary>
public static class DemoModel
{
    private static readonly SemaphoreSlim WriteLock = new(1, 1);

    /// <summary>The configuration <see cref="EnsureAsync"/> writes (<see cref="DemoModelOptions.Demo"/>).</summary>
    public static DemoModelOptions Options => DemoModelOptions.Demo;

    /// <summary>Writes the demo configuration into <paramref name="directory"/> unless a complete folder of this
    /// version and configuration is already there. Returns true when it wrote.</summary>
    /// <exception cref="IOException">The folder cannot be written (the message names it).</exception>
    public static async Task<bool> EnsureAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (DemoModelWriter.IsComplete(directory, Options))
        {
            return false;
        }

        await WriteLock.WaitAsync(cancellationToken);
        try
        {
            if (DemoModelWriter.IsComplete(directory, Options))
            {
                return false;
            }

            await DemoModelWriter.WriteAsync(directory, Options, cancellationToken);
            return true;
        }
        finally
        {
            WriteLock.Release();
        }
    }
}
