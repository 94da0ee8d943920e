namespace DiffusionBot.Diffusion.Weights;

/// <summary>A safetensors file is malformed, truncated or points outside itself; the message says what is wrong
/// in words fit for the person who supplied the file.</summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException(string message) : base(message) { }

    public SafetensorsFormatException(string message, Exception innerException) : base(message, innerException) { }
}
