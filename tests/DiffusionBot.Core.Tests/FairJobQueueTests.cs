using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Queue;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Tests;

public sealed class FairJobQueueTests
{
    private static FairJobQueue NewQueue(int perUser = 10, int global = 1000) =>
        new(Microsoft.Extensions.Options.Options.Create(new LimitsOptions { PerUserPendingCap = perUser, GlobalQueueCap = global }));

    private static long _nextId;

    private static Job JobFor(ulong user) => JobTests.NewJob(Interlocked.Increment(ref _nextId), user);

    [Fact]
    public void Dequeue_TwentyUsersWithSeveralJobs_TakesRoundRobinAndEachUserInOrder()
    {
        using var queue = NewQueue();
        var added = new List<Job>();
        // Users arrive in order 1..20; user u submits (u % 3) + 2 jobs in one burst.
        for (ulong user = 1; user <= 20; user++)
        {
            for (var k = 0; k < (int)(user % 3) + 2; k++)
            {
                var job = JobFor(user);
                Assert.True(queue.TryEnqueue(job).Accepted);
                added.Add(job);
            }
        }

        var expected = added.GroupBy(j => j.RequesterId)
            .SelectMany(g => g.Select((job, round) => (job, round)))
            .OrderBy(x => x.round).ThenBy(x => x.job.RequesterId)
            .Select(x => x.job.Id).ToArray();
        var predicted = expected.Select(id => queue.PositionOf(id)).ToArray();
        Assert.Equal(Enumerable.Range(1, expected.Length).Cast<int?>(), predicted);
        Assert.Equal(expected, queue.Snapshot().Entries.Select(e => e.JobId));

        var taken = new List<JobId>();
        while (queue.TryDequeue(out var next)) taken.Add(next.Id);
        Assert.Equal(expected, taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void PositionOf_AfterCancelsAndDequeues_StaysEqualToActualOrder()
    {
        using var queue = NewQueue();
        var jobs = new List<Job>();
        for (var i = 0; i < 30; i++)
        {
            var job = JobFor((ulong)(i % 7) + 1);
            queue.TryEnqueue(job);
            jobs.Add(job);
        }
        Assert.NotNull(queue.TryRemove(jobs[3].Id));
        Assert.NotNull(queue.TryRemove(jobs[10].Id));
        Assert.True(queue.TryDequeue(out _));
        Assert.NotNull(queue.TryRemove(jobs[6].Id));
        Assert.Null(queue.TryRemove(jobs[6].Id));

        var positions = jobs.Where(j => queue.Contains(j.Id)).ToDictionary(j => j.Id, j => queue.PositionOf(j.Id)!.Value);
        var order = new List<JobId>();
        while (queue.TryDequeue(out var next)) order.Add(next.Id);
        for (var i = 0; i < order.Count; i++) Assert.Equal(i + 1, positions[order[i]]);
        Assert.Null(queue.PositionOf(jobs[0].Id));
    }

    [Fact]
    public void TryEnqueue_OverUserCap_RefusedClearly()
    {
        using var queue = NewQueue(perUser: 2);
        Assert.True(queue.TryEnqueue(JobFor(1)).Accepted);
        Assert.True(queue.TryEnqueue(JobFor(1)).Accepted);
        var refused = queue.TryEnqueue(JobFor(1));
        Assert.Equal(EnqueueRefusal.UserCapReached, refused.Refusal);
        Assert.Contains("limit is 2", refused.Message);
        Assert.True(queue.TryEnqueue(JobFor(2)).Accepted);
    }

    [Fact]
    public void TryEnqueue_OverGlobalCap_RefusedClearly()
    {
        using var queue = NewQueue(perUser: 5, global: 3);
        for (ulong u = 1; u <= 3; u++) Assert.True(queue.TryEnqueue(JobFor(u)).Accepted);
        var refused = queue.TryEnqueue(JobFor(4));
        Assert.Equal(EnqueueRefusal.QueueFull, refused.Refusal);
        Assert.Contains("queue is full", refused.Message);
        Assert.True(queue.Restore(JobFor(4)).Accepted);
    }

    [Fact]
    public void TryEnqueue_SameJobTwice_Refused()
    {
        using var queue = NewQueue();
        var job = JobFor(1);
        queue.TryEnqueue(job);
        Assert.Equal(EnqueueRefusal.AlreadyQueued, queue.TryEnqueue(job).Refusal);
    }

    [Fact]
    public async Task DequeueAsync_Empty_WaitsForEnqueueAndSkipsCancelledJobs()
    {
        using var queue = NewQueue();
        var waiting = queue.DequeueAsync(TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        var removed = JobFor(1);
        queue.TryEnqueue(removed);
        queue.TryRemove(removed.Id);
        var kept = JobFor(2);
        queue.TryEnqueue(kept);
        Assert.Same(kept, await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DequeueAsync_Cancelled_Throws()
    {
        using var queue = NewQueue();
        using var cts = new CancellationTokenSource();
        var waiting = queue.DequeueAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task TryEnqueue_ConcurrentFromManyThreads_KeepsEveryJobOnce()
    {
        using var queue = NewQueue(perUser: 1000, global: 10000);
        var jobs = Enumerable.Range(0, 400).Select(i => JobFor((ulong)(i % 13))).ToArray();
        await Task.WhenAll(jobs.Chunk(50).Select(chunk => Task.Run(() =>
        {
            foreach (var job in chunk) queue.TryEnqueue(job);
        }, TestContext.Current.CancellationToken)));
        Assert.Equal(400, queue.Count);
        var taken = new HashSet<JobId>();
        while (queue.TryDequeue(out var job)) Assert.True(taken.Add(job.Id));
        Assert.Equal(400, taken.Count);
    }
}
