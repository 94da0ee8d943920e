namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>A request broke a rule (empty prompt, too many steps, bad size...). <see cref="Errors"/> lists every
/// problem in words fit to show the user.</summary>
public sealed class DiffusionRequestException : Exception
{
    public DiffusionRequestException(IReadOnlyList<string> errors)
        : base(string.Join(" ", errors)) => Errors = errors;

    public DiffusionRequestException(string error) : this([error]) { }

    public IReadOnlyList<string> Errors { get; }
}
