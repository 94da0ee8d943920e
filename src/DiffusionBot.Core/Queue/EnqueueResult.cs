namespace DiffusionBot.Core.Queue;

public enum EnqueueRefusal
{
    None = 0,
    UserCapReached = 1,
    QueueFull = 2,
    AlreadyQueued = 3,
}

/// <summary>Accepted with a 1-based position, or refused with a user-facing message.</summary>
public sealed record EnqueueResult(EnqueueRefusal Refusal, int Position, string? Message)
{
    public bool Accepted => Refusal == EnqueueRefusal.None;

    public static EnqueueResult At(int position) => new(EnqueueRefusal.None, position, null);

    public static EnqueueResult Refused(EnqueueRefusal refusal, string message) => new(refusal, 0, message);
}
