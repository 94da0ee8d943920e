using DiffusionBot.Core.Ports;

namespace DiffusionBot.Core.Tests.Fakes;

/// <summary>A prompt checker that accepts everything unless a test sets <see cref="Problem"/>; records what it saw.</summary>
internal sealed class FakePromptChecker : IPromptChecker
{
    public string? Problem { get; set; }

    public List<(string Prompt, string? Negative)> Checked { get; } = [];

    public Task<string?> CheckAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken)
    {
        lock (Checked) Checked.Add((prompt, negativePrompt));
        return Task.FromResult(Problem);
    }
}
