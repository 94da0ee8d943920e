using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Core.Commands;

/// <summary>A value, or a user-facing error saying what was wrong.</summary>
public sealed record Validated<T>(T? Value, string? Error)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null;
}

public static class Validated
{
    public static Validated<T> Ok<T>(T value) where T : class => new(value, null);

    public static Validated<T> Fail<T>(string error) where T : class => new(null, error);
}
