namespace DiffusionBot.Core.Ports;

/// <summary>Thrown by an <see cref="IImageGenerator"/> adapter when a job cannot be done; the message is shown to the user.</summary>
public sealed class GenerationFailedException : Exception
{
    public GenerationFailedException()
    {
    }

    public GenerationFailedException(string userMessage) : base(userMessage)
    {
    }

    public GenerationFailedException(string userMessage, Exception inner) : base(userMessage, inner)
    {
    }
}
