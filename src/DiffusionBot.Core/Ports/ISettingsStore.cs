using DiffusionBot.Core.Commands;

namespace DiffusionBot.Core.Ports;

/// <summary>Per-user defaults for /imagine.</summary>
public interface ISettingsStore
{
    /// <summary>The user's settings, or <see cref="UserSettings.None"/> when never set.</summary>
    Task<UserSettings> GetAsync(ulong userId, CancellationToken cancellationToken);

    Task SaveAsync(ulong userId, UserSettings settings, CancellationToken cancellationToken);
}
