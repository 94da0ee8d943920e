namespace DiffusionBot.Workers.Protocol;

/// <summary>A stream entry that is not a message this build understands (wrong version, missing or malformed field).</summary>
public sealed class MessageFormatException : Exception
{
    public MessageFormatException()
    {
    }

    public MessageFormatException(string message) : base(message)
    {
    }

    public MessageFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
