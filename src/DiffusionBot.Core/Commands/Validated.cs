using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Core.Commands;

/// <summary>A value, or a user-facing error saying what was wrong.</summary>
public sealed record Validated<T>(T? Value, string? Error)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null;

    public static Validated<T> Ok(T value) => new(value, null);

    public static Validated<T> Fail(string error) => new(null, error);
}
