namespace DiffusionBot.Core.Jobs;

public sealed class InvalidJobTransitionException : InvalidOperationException
{
    public InvalidJobTransitionException()
    {
    }

    public InvalidJobTransitionException(string message) : base(message)
    {
    }

    public InvalidJobTransitionException(string message, Exception inner) : base(message, inner)
    {
    }

    public InvalidJobTransitionException(JobId id, JobStatus from, JobStatus to)
        : base($"Job {id} cannot go from {from} to {to}.")
    {
    }
}
