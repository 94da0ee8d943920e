using DiffusionBot.Core.Application;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Queue;
using DiffusionBot.Core.Tests.Fakes;

namespace DiffusionBot.Core.Tests;

public sealed class FairJobQueueModelAffinityTests
{
    private static long _nextId;

    private static Job JobFor(ulong user, string model, JobKind kind = JobKind.Imagine) =>
        new(new JobId(Interlocked.Increment(ref _nextId)), kind, new JobOrigin(user, 10, 20, null), JobTests.Parameters() with { Model = model }, 1, DateTimeOffset.UnixEpoch);

    private static FairJobQueue NewQueue(ILoadedModels? loaded, int maxSkips) =>
        new(Microsoft.Extensions.Options.Options.Create(new LimitsOptions { PerUserPendingCap = 10, GlobalQueueCap = 1000, MaxModelAffinitySkips = maxSkips }), loaded);

    /// <summary>Drains the queue the way the worker does, the generator holding one model: the one of the job it ran last.</summary>
    private static (List<Job> Order, int Switches) Drain(FairJobQueue queue, OneModelGenerator generator)
    {
        var order = new List<Job>();
        var switches = 0;
        while (queue.TryDequeue(out var job))
        {
            if (generator.Run(job.Parameters.Model)) switches++;
            order.Add(job);
        }
        return (order, switches);
    }

    /// <summary>Six users, one job each, models alternating a, b, a, b, a, b; model a loaded.</summary>
    private static List<Job> EnqueueAlternating(FairJobQueue queue)
    {
        var jobs = Enumerable.Range(1, 6).Select(u => JobFor((ulong)u, u % 2 == 1 ? "a" : "b")).ToList();
        foreach (var job in jobs) Assert.True(queue.TryEnqueue(job).Accepted);
        return jobs;
    }

    [Fact]
    public void TryDequeue_InterleavedModels_NeedsFewerSwitchesThanPlainFairOrder()
    {
        var plainGenerator = new OneModelGenerator("a");
        using var plain = NewQueue(plainGenerator, maxSkips: 0);
        EnqueueAlternating(plain);
        var affinityGenerator = new OneModelGenerator("a");
        using var affinity = NewQueue(affinityGenerator, maxSkips: 2);
        var jobs = EnqueueAlternating(affinity);
        var predicted = jobs.ToDictionary(j => j.Id, j => affinity.PositionOf(j.Id));

        var (plainOrder, plainSwitches) = Drain(plain, plainGenerator);
        var (affinityOrder, affinitySwitches) = Drain(affinity, affinityGenerator);

        Assert.Equal(["a", "b", "a", "b", "a", "b"], plainOrder.Select(j => j.Parameters.Model));
        Assert.Equal(5, plainSwitches);
        // Users 1, 3, 5 (model a) go first; user 2 has then been passed over twice and must run, then users 4 and 6.
        Assert.Equal([1UL, 3, 5, 2, 4, 6], affinityOrder.Select(j => j.RequesterId));
        Assert.Equal(1, affinitySwitches);
        // The positions shown before the run were the order the jobs were then taken in.
        Assert.Equal(Enumerable.Range(1, 6).Cast<int?>(), affinityOrder.Select(j => predicted[j.Id]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void TryDequeue_JobForUnloadedModel_PassedOverAtMostMaxSkipsTimesThenRuns(int maxSkips)
    {
        var generator = new OneModelGenerator("a");
        using var queue = NewQueue(generator, maxSkips);
        var unloaded = JobFor(1, "b");
        Assert.True(queue.TryEnqueue(unloaded).Accepted);
        for (var k = 0; k < 5; k++)
        {
            Assert.True(queue.TryEnqueue(JobFor(2, "a")).Accepted);
            Assert.True(queue.TryEnqueue(JobFor(3, "a")).Accepted);
        }
        Assert.Equal(maxSkips + 1, queue.PositionOf(unloaded.Id));

        var (order, switches) = Drain(queue, generator);

        Assert.Equal(maxSkips, order.IndexOf(unloaded));
        Assert.All(order.Take(maxSkips), j => Assert.Equal("a", j.Parameters.Model));
        // Running it forced the switch to b; the queue then returned to the users' turns and to model a.
        Assert.Equal(2, switches);
    }

    [Fact]
    public void TryDequeue_TwoUsersOnDifferentModels_KeepEachUsersOrderAndAlternateWithinTheBound()
    {
        const int maxSkips = 2;
        var generator = new OneModelGenerator("a");
        using var queue = NewQueue(generator, maxSkips);
        var plainGenerator = new OneModelGenerator("a");
        using var plain = NewQueue(plainGenerator, maxSkips: 0);
        var second = Enumerable.Range(0, 6).Select(_ => JobFor(2, "b")).ToList();
        var first = Enumerable.Range(0, 6).Select(_ => JobFor(1, "a")).ToList();
        foreach (var job in second.Concat(first))
        {
            Assert.True(queue.TryEnqueue(job).Accepted);
            Assert.True(plain.TryEnqueue(job).Accepted);
        }

        var (order, switches) = Drain(queue, generator);
        var plainSwitches = Drain(plain, plainGenerator).Switches;

        Assert.Equal(second, order.Where(j => j.RequesterId == 2));
        Assert.Equal(first, order.Where(j => j.RequesterId == 1));
        for (var taken = 1; taken <= order.Count; taken++)
        {
            var prefix = order.Take(taken).ToList();
            var gap = Math.Abs(prefix.Count(j => j.RequesterId == 1) - prefix.Count(j => j.RequesterId == 2));
            if (prefix.Count(j => j.RequesterId == 1) < first.Count && prefix.Count(j => j.RequesterId == 2) < second.Count)
                Assert.True(gap <= maxSkips, $"after {taken} jobs one user was {gap} jobs ahead");
        }
        Assert.True(switches < plainSwitches, $"{switches} switches with affinity, {plainSwitches} without");
    }

    [Fact]
    public void TryDequeue_AffinityOffOrNoLoadedModels_TakesPlainRoundRobin()
    {
        var generator = new OneModelGenerator("a");
        using var off = NewQueue(generator, maxSkips: 0);
        using var unknown = NewQueue(loaded: null, maxSkips: 2);
        var offJobs = EnqueueAlternating(off);
        var unknownJobs = EnqueueAlternating(unknown);

        Assert.Equal(offJobs, Drain(off, generator).Order);
        Assert.Equal(unknownJobs, Drain(unknown, new OneModelGenerator("a")).Order);
    }

    [Fact]
    public void TryDequeue_UpscaleNext_TakenInTurnAsItNeedsNoBaseModel()
    {
        var generator = new OneModelGenerator("a");
        using var queue = NewQueue(generator, maxSkips: 2);
        var upscale = JobFor(1, "b", JobKind.Upscale);
        var other = JobFor(2, "a");
        queue.TryEnqueue(upscale);
        queue.TryEnqueue(other);

        Assert.True(queue.TryDequeue(out var taken));
        Assert.Same(upscale, taken);
    }

    [Fact]
    public void TryRemove_PassedOverJob_UsersNextJobGetsItsOwnBoundAndOrderStaysPredicted()
    {
        var generator = new OneModelGenerator("a");
        using var queue = NewQueue(generator, maxSkips: 2);
        var passed = JobFor(1, "b");
        var later = JobFor(1, "b");
        queue.TryEnqueue(passed);
        queue.TryEnqueue(later);
        for (var k = 0; k < 4; k++) queue.TryEnqueue(JobFor(2, "a"));
        Assert.True(queue.TryDequeue(out _));
        Assert.NotNull(queue.TryRemove(passed.Id));
        var predicted = queue.Waiting().Select(w => w.Job.Id).ToList();

        var (order, _) = Drain(queue, generator);

        // The user's next job starts with no turns passed over: two more model-a jobs go first.
        Assert.Equal(2, order.IndexOf(later));
        Assert.Equal(predicted, order.Select(j => j.Id));
    }

    [Fact]
    public async Task DrainQueue_HostRegistersLoadedModels_WorkerRunsJobsForTheLoadedModelFirstInShownOrder()
    {
        var loaded = new LastRunModel("a");
        using var h = new CoreHarness(loadedModels: loaded);
        h.Catalog.Add("a", "SD 1.x", side: 512);
        h.Catalog.Add("b", "SD 1.x", side: 512);
        loaded.Ran = () => h.Generator.Requests.OfType<TextToImageRequest>().LastOrDefault()?.Model;
        var jobs = new Dictionary<JobId, ulong>();
        for (ulong user = 1; user <= 6; user++)
        {
            var outcome = await h.ImagineAsync(user, new ImagineOptions("cat") { Model = user % 2 == 1 ? "b" : "a" });
            jobs[outcome.Job!.Id] = user;
        }
        var shown = h.Get<FairJobQueue>().Waiting().Select(w => jobs[w.Job.Id]).ToList();

        await h.DrainQueueAsync();

        Assert.Equal(["a", "a", "b", "b", "b", "a"], h.Generator.Requests.Cast<TextToImageRequest>().Select(r => r.Model));
        var ran = h.Notifier.Completed.Select(id => jobs[id]).ToList();
        Assert.Equal([2UL, 4, 1, 3, 5, 6], ran);
        Assert.Equal(ran, shown);
    }

    /// <summary>The model of the fake generator's last text-to-image run is the one loaded (<paramref name="initial"/> before any).</summary>
    private sealed class LastRunModel(string initial) : ILoadedModels
    {
        public Func<string?> Ran { get; set; } = () => null;

        public bool IsLoaded(string model) => model == (Ran() ?? initial);
    }

    /// <summary>A generator that holds one model: running a job for another one is a switch.</summary>
    private sealed class OneModelGenerator(string loaded) : ILoadedModels
    {
        private string _loaded = loaded;

        public bool IsLoaded(string model) => model == _loaded;

        /// <summary>Runs a job for <paramref name="model"/>; true when that needed a switch.</summary>
        public bool Run(string model)
        {
            var switched = model != _loaded;
            _loaded = model;
            return switched;
        }
    }
}
