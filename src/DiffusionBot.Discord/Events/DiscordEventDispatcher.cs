using DiffusionBot.Discord.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Events;

/// <summary>
/// Reads events in order and starts every handler of each event without waiting for earlier events' handlers,
/// so a slow handler delays nothing else. At most EventQueueCapacity events are in flight at once.
/// </summary>
internal sealed partial class DiscordEventDispatcher(
    DiscordEventQueue queue,
    IServiceScopeFactory scopeFactory,
    IOptions<DiscordOptions> options,
    ILogger<DiscordEventDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _inFlightSlots = new(options.Value.EventQueueCapacity);
    private readonly HashSet<Task> _inFlight = [];
    private readonly Lock _inFlightLock = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await _inFlightSlots.WaitAsync(stoppingToken);
                Track(RunHandlersAsync(e, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] remaining;
        lock (_inFlightLock)
        {
            remaining = [.. _inFlight];
        }

        await Task.WhenAll(remaining);
    }

    public override void Dispose()
    {
        _inFlightSlots.Dispose();
        base.Dispose();
    }

    private void Track(Task task)
    {
        lock (_inFlightLock)
        {
            _inFlight.Add(task);
        }

        _ = task.ContinueWith(
            (t, state) =>
            {
                var self = (DiscordEventDispatcher)state!;
                lock (self._inFlightLock)
                {
                    self._inFlight.Remove(t);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunHandlersAsync(DiscordEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await e.DispatchAsync(this, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogHandlersNotStarted(ex, e.GetType().Name, e.ToString());
        }
        finally
        {
            _inFlightSlots.Release();
        }
    }

    /// <summary>Runs every handler of <typeparamref name="TEvent"/> concurrently in one DI scope; never throws.</summary>
    internal async Task InvokeHandlersAsync<TEvent>(TEvent e, CancellationToken cancellationToken)
        where TEvent : DiscordEvent
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        IDiscordEventHandler<TEvent>[] handlers;
        try
        {
            handlers = scope.ServiceProvider.GetServices<IDiscordEventHandler<TEvent>>().ToArray();
        }
        catch (Exception ex)
        {
            // A handler that cannot be built never runs: say which event (an interaction's id, never its token) was lost.
            LogHandlersNotStarted(ex, typeof(TEvent).Name, e.ToString());
            return;
        }

        if (handlers.Length == 0)
        {
            LogNoHandler(typeof(TEvent).Name);
            return;
        }

        var running = new Task[handlers.Length];
        for (var i = 0; i < handlers.Length; i++)
        {
            running[i] = InvokeOneAsync(handlers[i], e, cancellationToken);
        }

        await Task.WhenAll(running);
    }

    private async Task InvokeOneAsync<TEvent>(IDiscordEventHandler<TEvent> handler, TEvent e, CancellationToken cancellationToken)
        where TEvent : DiscordEvent
    {
        try
        {
            await handler.HandleAsync(e, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, handler.GetType().Name, typeof(TEvent).Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No handler registered for {EventType}")]
    private partial void LogNoHandler(string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord event handlers for {EventType} could not start; this event was lost: {Event}")]
    private partial void LogHandlersNotStarted(Exception exception, string eventType, string @event);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord event handler {Handler} failed on {EventType}")]
    private partial void LogHandlerFailed(Exception exception, string handler, string eventType);
}
