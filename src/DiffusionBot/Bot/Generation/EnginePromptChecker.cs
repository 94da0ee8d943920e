using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Bot.Generation;

/// <summary>Core's <see cref="IPromptChecker"/> on the engine's prompt rules. When the model cannot be loaded the
/// syntax has still been checked; the job goes ahead and the worker reports the model problem (with a refund).</summary>
internal sealed class EnginePromptChecker(IDiffusionEngine engine, ILogger<EnginePromptChecker> logger) : IPromptChecker
{
    public async Task<string?> CheckAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken)
    {
        try
        {
            var problems = await engine.CheckPromptsAsync(prompt, negativePrompt, cancellationToken);
            return problems.Count == 0 ? null : string.Join(" ", problems);
        }
        catch (DiffusionModelException ex)
        {
            BotLog.ModelProblem(logger, ex, ex.Message);
            return null;
        }
    }
}
