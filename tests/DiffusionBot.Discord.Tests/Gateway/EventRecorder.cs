using System.Collections.Concurrent;
using DiffusionBot.Discord.Events;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>Collects every event the dispatcher delivered, in the order handlers started.</summary>
internal sealed class EventRecorder
{
    private readonly ConcurrentQueue<(DiscordEvent Event, DateTimeOffset At)> _events = new();
    private readonly ChangeSignal _added = new();

    public IReadOnlyList<DiscordEvent> Events => [.. _events.Select(e => e.Event)];

    public IReadOnlyList<(DiscordEvent Event, DateTimeOffset At)> Timed => [.. _events];

    public IReadOnlyList<T> Of<T>() => [.. Events.OfType<T>()];

    public void Add(DiscordEvent e)
    {
        _events.Enqueue((e, DateTimeOffset.UtcNow));
        _added.Changed();
    }

    /// <summary>Waits until <paramref name="condition"/> (on the recorded events) holds, checking it as each event arrives.</summary>
    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        _added.WaitUntilAsync(condition, timeout, cancellationToken);

    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
        where T : DiscordEvent
    {
        await WaitUntilAsync(() => Of<T>().Any(predicate), timeout, cancellationToken);
        return Of<T>().First(predicate);
    }

    public Task<T> WaitForAsync<T>(TimeSpan timeout, CancellationToken cancellationToken)
        where T : DiscordEvent => WaitForAsync<T>(_ => true, timeout, cancellationToken);
}

/// <summary>Forwards every event type to the shared <see cref="EventRecorder"/>.</summary>
internal sealed class RecordingHandler(EventRecorder recorder) :
    IDiscordEventHandler<ReadyEvent>,
    IDiscordEventHandler<ResumedEvent>,
    IDiscordEventHandler<GuildCreateEvent>,
    IDiscordEventHandler<MessageReactionAddEvent>,
    IDiscordEventHandler<InteractionCreateEvent>
{
    public Task HandleAsync(ReadyEvent e, CancellationToken cancellationToken) => Record(e);

    public Task HandleAsync(ResumedEvent e, CancellationToken cancellationToken) => Record(e);

    public Task HandleAsync(GuildCreateEvent e, CancellationToken cancellationToken) => Record(e);

    public Task HandleAsync(MessageReactionAddEvent e, CancellationToken cancellationToken) => Record(e);

    public Task HandleAsync(InteractionCreateEvent e, CancellationToken cancellationToken) => Record(e);

    private Task Record(DiscordEvent e)
    {
        recorder.Add(e);
        return Task.CompletedTask;
    }
}
