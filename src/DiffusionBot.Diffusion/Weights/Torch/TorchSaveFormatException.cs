namespace DiffusionBot.Diffusion.Weights.Torch;

/// <summary>A torch.save file is malformed, truncated, points outside itself or holds something the safe reader does
/// not load (any Python object other than tensors, dicts, lists, tuples, strings and numbers); the message says what,
/// in words fit for the person who supplied the file.</summary>
public sealed class TorchSaveFormatException : Exception
{
    public TorchSaveFormatException(string message) : base(message) { }

    public TorchSaveFormatException(string message, Exception innerException) : base(message, innerException) { }
}
