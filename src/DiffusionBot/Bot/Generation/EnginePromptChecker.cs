using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Prompting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Generation;

/// <summary>Core's <see cref="IPromptChecker"/> on the engine's prompt rules. When the model cannot be loaded the
/// syntax has still been checked; the job goes ahead and the worker reports the model problem (with a refund).
/// The number of <c>&lt;lora:…&gt;</c> tags is held to Limits:MaxLorasPerJob here; names and weights are the engine's.</summary>
internal sealed class EnginePromptChecker(IDiffusionEngine engine, IOptions<LimitsOptions> limits, ILogger<EnginePromptChecker> logger) : IPromptChecker
{
    public async Task<string?> CheckAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken)
    {
        var max = limits.Value.MaxLorasPerJob;
        var tags = LoraPromptTags.Extract(prompt).Loras.Count;
        if (tags > max)
            return max == 0 ? "LoRAs cannot be used on this bot; remove the <lora:…> tags." : $"At most {max} LoRAs can be used in one prompt (got {tags}).";
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
