using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Application;

/// <summary>
/// Receives the generator's progress (from any thread) and forwards it to the notifier through the throttle,
/// never more than one notification in flight; <see cref="DrainAsync"/> waits for the last one.
/// </summary>
internal sealed class ThrottledProgress(Job job, SafeNotifier notifier, ProgressThrottle throttle, CancellationToken cancellationToken)
    : IProgress<GenerationProgress>
{
    private readonly Lock _gate = new();
    private Task _inFlight = Task.CompletedTask;

    public void Report(GenerationProgress value)
    {
        lock (_gate)
        {
            if (value.Phase is { } phase)
            {
                // A phase (loading a model) is rare and says why nothing moves: shown after whatever is in flight.
                _inFlight = _inFlight.ContinueWith(_ => notifier.PhaseAsync(job, phase, cancellationToken), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
                return;
            }
            if (!_inFlight.IsCompleted || !throttle.TryPass()) return;
            _inFlight = notifier.ProgressAsync(job, value.Step, value.TotalSteps, cancellationToken);
        }
    }

    public Task DrainAsync()
    {
        lock (_gate) return _inFlight;
    }
}
