using DiffusionBot.Core.Application;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Tests;

public sealed class QueuePositionsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task QueueChanged_EarlierJobsLeave_PositionsUpdatedNeverMoreOftenThanInterval()
    {
        using var h = new CoreHarness();
        var interval = h.Get<IOptions<LimitsOptions>>().Value.ProgressEditInterval;
        var jobs = new List<Jobs.Job>();
        for (ulong user = 1; user <= 4; user++) jobs.Add((await h.ImagineAsync(user, "cat")).Job!);
        Assert.Equal([1, 2, 3, 4], h.Notifier.Queued.Select(q => q.Position));
        h.Time.Advance(interval);
        h.Time.Advance(interval);
        h.Notifier.Queued.Clear();
        var running = h.Get<RunningJobs>();

        using var first = running.TryStartNext(None);
        Assert.Equal([(jobs[1].Id, 1), (jobs[2].Id, 2), (jobs[3].Id, 3)], h.Notifier.Queued);

        h.Notifier.Queued.Clear();
        using var second = running.TryStartNext(None);
        await h.Get<JobCanceller>().CancelAsync(jobs[3], None);
        h.Time.Advance(interval - TimeSpan.FromTicks(1));
        Assert.Empty(h.Notifier.Queued);

        h.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal([(jobs[2].Id, 1)], h.Notifier.Queued);

        h.Time.Advance(interval * 3);
        Assert.Single(h.Notifier.Queued);
    }

    [Fact]
    public async Task QueueChanged_NewUserJoinsRotation_LaterJobOfOtherUserMovesBack()
    {
        using var h = new CoreHarness();
        var interval = h.Get<IOptions<LimitsOptions>>().Value.ProgressEditInterval;
        var firstOfOne = (await h.ImagineAsync(1, "cat")).Job!;
        var secondOfOne = (await h.ImagineAsync(1, "dog")).Job!;
        h.Time.Advance(interval);
        h.Time.Advance(interval);
        h.Notifier.Queued.Clear();

        var other = (await h.ImagineAsync(2, "fox")).Job!;

        // Fair order is now: user 1's first, user 2's, user 1's second.
        Assert.Equal([(other.Id, 2), (secondOfOne.Id, 3)], h.Notifier.Queued);
        Assert.DoesNotContain(h.Notifier.Queued, q => q.Job == firstOfOne.Id);
    }
}
