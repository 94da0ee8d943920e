using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Application;

/// <summary>
/// Keeps the queue position shown in each waiting job's message in step with the queue. After a change it edits the
/// messages whose position moved, in rounds that start at most once per Limits:ProgressEditInterval (Discord limits
/// edits), so each message is edited at most once per interval however fast the queue moves.
/// </summary>
public sealed class QueuePositions(
    FairJobQueue queue,
    IJobNotifier notifier,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<QueuePositions> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobId, int> _shown = [];
    private readonly SafeNotifier _notify = new(notifier, logger);
    private long? _lastRound;
    private ITimer? _scheduled;
    private bool _inRound;
    private bool _changedDuringRound;

    /// <summary>Records the position that <paramref name="id"/>'s message shows (set when the job is queued).</summary>
    public void Shown(JobId id, int position)
    {
        lock (_gate) _shown[id] = position;
    }

    /// <summary>The queue changed: positions are brought up to date now, or once the interval since the last round has passed.</summary>
    public void QueueChanged()
    {
        lock (_gate)
        {
            if (_inRound)
            {
                _changedDuringRound = true;
                return;
            }
            if (_scheduled is not null) return;
            var wait = _lastRound is { } last ? limits.Value.ProgressEditInterval - time.GetElapsedTime(last) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                _scheduled = time.CreateTimer(_ => StartScheduledRound(), null, wait, Timeout.InfiniteTimeSpan);
                return;
            }
            BeginRound();
        }
        _ = RoundAsync();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _scheduled?.Dispose();
            _scheduled = null;
        }
    }

    private void StartScheduledRound()
    {
        lock (_gate)
        {
            _scheduled?.Dispose();
            _scheduled = null;
            if (_inRound)
            {
                _changedDuringRound = true;
                return;
            }
            BeginRound();
        }
        _ = RoundAsync();
    }

    private void BeginRound()
    {
        _inRound = true;
        _lastRound = time.GetTimestamp();
    }

    private async Task RoundAsync()
    {
        try
        {
            foreach (var (job, position) in Moved())
                await _notify.QueuedAsync(job, position, CancellationToken.None);
        }
        finally
        {
            bool again;
            lock (_gate)
            {
                _inRound = false;
                again = _changedDuringRound;
                _changedDuringRound = false;
            }
            if (again) QueueChanged();
        }
    }

    /// <summary>The waiting jobs whose shown position is no longer right (now recorded as shown); forgets jobs that left.</summary>
    private List<(Job Job, int Position)> Moved()
    {
        var waiting = queue.Waiting();
        lock (_gate)
        {
            var stillWaiting = waiting.Select(w => w.Job.Id).ToHashSet();
            foreach (var gone in _shown.Keys.Where(id => !stillWaiting.Contains(id)).ToArray()) _shown.Remove(gone);
            var moved = waiting.Where(w => _shown.TryGetValue(w.Job.Id, out var shown) && shown != w.Position).ToList();
            foreach (var (job, position) in moved) _shown[job.Id] = position;
            return moved;
        }
    }
}
