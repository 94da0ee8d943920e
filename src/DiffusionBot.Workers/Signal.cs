namespace DiffusionBot.Workers;

/// <summary>Wakes everyone waiting at the moment of <see cref="Pulse"/>; later waiters wait for the next pulse.</summary>
internal sealed class Signal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = New();

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _next.Task.WaitAsync(cancellationToken);
    }

    public void Pulse()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _next;
            _next = New();
        }
        fired.TrySetResult();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
