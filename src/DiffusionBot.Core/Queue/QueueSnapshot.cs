using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Queue;

/// <summary>One waiting job and its 1-based place in the order the generator will take them.</summary>
public sealed record QueueEntry(JobId JobId, ulong RequesterId, JobKind Kind, int Position);

/// <summary>The queue at one moment, in dequeue order.</summary>
public sealed record QueueSnapshot(IReadOnlyList<QueueEntry> Entries)
{
    public int Count => Entries.Count;

    public IReadOnlyList<QueueEntry> For(ulong userId) => Entries.Where(e => e.RequesterId == userId).ToArray();
}
