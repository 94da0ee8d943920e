namespace DiffusionBot.Core.Application;

/// <summary>/stats as data: usage over [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record StatsReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Jobs,
    IReadOnlyList<DayCount> JobsPerDay,
    IReadOnlyList<NamedCount> JobsPerModel,
    TimeSpan? MedianWait,
    TimeSpan? MedianGeneration,
    int Refunds,
    int RefundedUnits,
    IReadOnlyList<UserImages> TopUsers);

/// <summary>Jobs created on one UTC day.</summary>
public sealed record DayCount(DateOnly Day, int Jobs);

public sealed record NamedCount(string Name, int Count);

/// <summary>Images a member received (succeeded jobs, deleted ones included).</summary>
public sealed record UserImages(ulong UserId, int Images);
