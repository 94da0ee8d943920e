namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>The model folder, a model file or the runtime configuration is unusable; the message names the file or
/// setting and the fix.</summary>
public sealed class DiffusionModelException : Exception
{
    public DiffusionModelException(string message) : base(message) { }

    public DiffusionModelException(string message, Exception innerException) : base(message, innerException) { }
}
