using DiffusionBot.Core.Infotext;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Bot.Generation;

/// <summary>Core's <see cref="IImageGenerator"/> on the diffusion engine; engine errors become user-facing
/// <see cref="GenerationFailedException"/>s (model details go to the log, not to users). Every PNG it returns carries
/// its generation parameters (<see cref="PngParameters"/>).</summary>
internal sealed class EngineImageGenerator(IDiffusionEngine engine, ILogger<EngineImageGenerator> logger) : IImageGenerator
{
    public const string ModelUnavailableMessage = "The image model is not available right now; a moderator has to check the bot's model folder. Your quota was refunded.";

    public Task<GenerationResult> GenerateAsync(TextToImageRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var engineRequest = new GenerationRequest(request.Prompt, request.NegativePrompt, request.Seed, request.Steps, request.Guidance,
            request.Width, request.Height, request.Count, request.Scheduler, request.NoiseSource, Model: request.Model);
        return RunAsync(async () => WithParameters(await engine.GenerateAsync(engineRequest, Forward(progress), cancellationToken), request.Prompt, request.NegativePrompt));
    }

    public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(async () => WithParameters(await engine.VaryAsync(request, Forward(progress), cancellationToken), request.Prompt, request.NegativePrompt));
    }

    public Task<GenerationResult> UpscaleAsync(UpscaleRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        return RunAsync(async () =>
        {
            progress.Report(new GenerationProgress(0, 1));
            var result = await engine.UpscaleAsync(request.SourcePng, request.Factor, cancellationToken);
            progress.Report(new GenerationProgress(1, 1));
            var png = PngParameters.Upscaled(request.SourcePng.Span, result.Png, request.Factor, result.MethodName, () => new GenerationInfotext
            {
                Prompt = request.Prompt,
                Seed = request.Seed,
                Width = result.Width / request.Factor,
                Height = result.Height / request.Factor,
                Model = request.Model,
                Version = PngParameters.Version,
            });
            return new GenerationResult([new GeneratedImage(png, request.Seed, request.SourceNsfw, result.Width, result.Height)], null, result.MethodName);
        });
    }

    private async Task<GenerationResult> RunAsync(Func<Task<GenerationResult>> run)
    {
        try
        {
            return await run();
        }
        catch (DiffusionRequestException ex)
        {
            throw new GenerationFailedException(ex.Message + " Your quota was refunded.", ex);
        }
        catch (DiffusionModelException ex)
        {
            BotLog.ModelProblem(logger, ex, ex.Message);
            throw new GenerationFailedException(ModelUnavailableMessage, ex);
        }
    }

    /// <summary>The engine's result with each PNG carrying its generation parameters.</summary>
    private static GenerationResult WithParameters(GenerationResult result, string prompt, string? negativePrompt) =>
        result with
        {
            Images = [.. result.Images.Select((image, i) => image with { Png = PngParameters.Embed(image.Png, PngParameters.Describe(result, i, prompt, negativePrompt)) })],
        };

    private static Progress Forward(IProgress<GenerationProgress> target) => new(target);

    /// <summary>Synchronous forwarding: the worker's progress sink throttles by itself.</summary>
    private sealed class Progress(IProgress<GenerationProgress> target) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value) => target.Report(new GenerationProgress(value.Step, value.TotalSteps, value.Phase));
    }
}
