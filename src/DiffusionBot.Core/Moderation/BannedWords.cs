using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Moderation;

/// <summary>The configured banned words plus the moderator-managed list.</summary>
public sealed class BannedWords(IBannedWordStore store, IOptions<ModerationOptions> options)
{
    public const string RefusalMessage = "Your prompt contains a banned word, so it was not queued.";

    public async Task<IReadOnlyList<string>> AllAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(cancellationToken);
        return options.Value.BannedWords.Concat(stored)
            .Select(Normalize)
            .Where(w => w.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>True when any text (prompt, negative prompt) contains a banned word.</summary>
    public async Task<bool> AnyBannedAsync(IEnumerable<string?> texts, CancellationToken cancellationToken)
    {
        var words = await AllAsync(cancellationToken);
        return texts.Any(t => t is not null && BannedWordMatcher.ContainsAny(t, words));
    }

    public static string Normalize(string word) => (word ?? string.Empty).Trim().ToLowerInvariant();
}
