using DiffusionBot.Discord.Events;

namespace DiffusionBot.Discord.Gateway;

/// <summary>What the gateway knows about its session: the last READY (application id, bot user) and whether it is live.</summary>
public interface IDiscordGatewayState
{
    /// <summary>The READY of the current session, or null before the first one.</summary>
    ReadyEvent? Ready { get; }

    /// <summary>True between READY/RESUMED and the next disconnect.</summary>
    bool IsConnected { get; }

    /// <summary>Completes with the first READY (at once when one has arrived already).</summary>
    Task<ReadyEvent> WaitForReadyAsync(CancellationToken cancellationToken);
}

internal sealed class DiscordGatewayState : IDiscordGatewayState
{
    private readonly TaskCompletionSource<ReadyEvent> _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ReadyEvent? _ready;
    private volatile bool _connected;

    public ReadyEvent? Ready => _ready;

    public bool IsConnected => _connected;

    public Task<ReadyEvent> WaitForReadyAsync(CancellationToken cancellationToken) => _firstReady.Task.WaitAsync(cancellationToken);

    internal void OnReady(ReadyEvent ready)
    {
        _ready = ready;
        _connected = true;
        _firstReady.TrySetResult(ready);
    }

    internal void OnResumed() => _connected = true;

    internal void OnDisconnected() => _connected = false;
}
