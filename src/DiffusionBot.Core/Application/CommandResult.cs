namespace DiffusionBot.Core.Application;

/// <summary>A user-facing reply; <see cref="Success"/> false means the request was refused or failed.</summary>
public sealed record CommandResult(bool Success, string Message)
{
    public static CommandResult Ok(string message) => new(true, message);

    public static CommandResult Fail(string message) => new(false, message);
}
