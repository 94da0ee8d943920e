namespace DiffusionBot.Diffusion.Lora;

/// <summary>A LoRA or embedding file cannot be used (malformed, wrong model family, shapes that do not fit); the
/// message is fit to show the person who asked for it and names the file by its LoRA name, never a server path.</summary>
public sealed class LoraFileException : Exception
{
    public LoraFileException(string message) : base(message) { }

    public LoraFileException(string message, Exception innerException) : base(message, innerException) { }
}
