using DiffusionBot.Bot.Generation;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Prompts;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Bot.Interactions;

/// <summary>The /tokens answer: <see cref="TokensReport"/> within Discord's message limit.</summary>
internal sealed class TokensReply(IDiffusionEngine engine, ILogger<TokensReply> logger)
{
    /// <summary>Discord's limit on a message's content, in characters.</summary>
    public const int ContentLimit = 2000;

    private const int MaxLineLength = 400;

    public async Task<string> BuildAsync(string? prompt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(prompt))
            return "Give the `prompt` to look at.";
        try
        {
            var analysis = await engine.AnalyzePromptAsync(prompt.Trim(), cancellationToken);
            return TokensReport.Fit(TokensReport.Lines(analysis, MaxLineLength), ContentLimit);
        }
        catch (DiffusionModelException ex)
        {
            BotLog.ModelProblem(logger, ex, ex.Message);
            return "The image model is not available right now, so its tokenizer cannot be asked; a moderator has to check the bot's model folder.";
        }
    }
}
