using Microsoft.Extensions.Hosting;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>
/// Wakes waiters whenever something they watch has changed, so a test waits on the change itself instead of polling.
/// Call <see cref="Changed"/> after each change.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = NewChange();

    public void Changed() => Interlocked.Exchange(ref _next, NewChange()).TrySetResult();

    /// <summary>Waits until <paramref name="condition"/> holds, checking it again after every change.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>.</exception>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                // Taken before the check: a change made after the check completes this task.
                var change = Volatile.Read(ref _next).Task;
                if (condition()) return;
                await change.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Condition not met within {timeout.TotalMilliseconds} ms.");
        }
    }

    /// <summary>Waits until the host has begun to stop.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public static async Task WaitForStoppingAsync(IHostApplicationLifetime lifetime, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        var signal = new ChangeSignal();
        using var registration = lifetime.ApplicationStopping.Register(signal.Changed);
        await signal.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, timeout, cancellationToken);
    }

    private static TaskCompletionSource NewChange() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
