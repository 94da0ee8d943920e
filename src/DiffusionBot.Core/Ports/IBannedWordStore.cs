namespace DiffusionBot.Core.Ports;

/// <summary>Moderator-managed banned words (stored lower-case).</summary>
public interface IBannedWordStore
{
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when the word was already there.</summary>
    Task<bool> AddAsync(string word, CancellationToken cancellationToken);

    /// <summary>False when the word was not there.</summary>
    Task<bool> RemoveAsync(string word, CancellationToken cancellationToken);
}
