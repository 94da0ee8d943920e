namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>A tokenizer file is missing, unreadable or inconsistent. <see cref="FilePath"/> names the file.</summary>
public sealed class TokenizerLoadException : Exception
{
    public TokenizerLoadException(string filePath, string message, Exception? innerException = null)
        : base($"Tokenizer file '{filePath}': {message}", innerException)
    {
        FilePath = filePath;
    }

    public TokenizerLoadException()
        : this(string.Empty, "could not be loaded.")
    {
    }

    public TokenizerLoadException(string message)
        : this(string.Empty, message)
    {
    }

    public TokenizerLoadException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>The file that could not be loaded (empty when not file-specific).</summary>
    public string FilePath { get; }
}
