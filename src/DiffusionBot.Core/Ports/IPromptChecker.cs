namespace DiffusionBot.Core.Ports;

/// <summary>The generator's own prompt rules (prompt syntax, weights, length in chunks), asked before a job is
/// queued so that a prompt the generator would refuse costs nothing.</summary>
public interface IPromptChecker
{
    /// <summary>The problem to tell the member, or null when both texts can be generated.</summary>
    Task<string?> CheckAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken);
}
