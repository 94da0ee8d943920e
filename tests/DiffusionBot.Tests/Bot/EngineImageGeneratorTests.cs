using DiffusionBot.Bot.Generation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Upscaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Tests.Bot;

public sealed class EngineImageGeneratorTests
{
    private static readonly TextToImageRequest Request = new("a cat", null, 1, 2, 7.5, 64, 64, 1, "stable-diffusion-v1-5", "euler_a");
    private static readonly IProgress<GenerationProgress> NoProgress = new Progress<GenerationProgress>();

    [Fact]
    public async Task GenerateAsync_EngineRefusesRequest_ThrowsUserFacingFailureWithRefundNote()
    {
        var generator = new EngineImageGenerator(new ThrowingEngine(new DiffusionRequestException("Width must be at most 1024.")), NullLogger<EngineImageGenerator>.Instance);

        var error = await Assert.ThrowsAsync<GenerationFailedException>(() => generator.GenerateAsync(Request, NoProgress, TestContext.Current.CancellationToken));

        Assert.Equal("Width must be at most 1024. Your quota was refunded.", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_ModelMissing_HidesPathsFromUsers()
    {
        var generator = new EngineImageGenerator(new ThrowingEngine(new DiffusionModelException("/secret/models/unet/model.onnx is missing")), NullLogger<EngineImageGenerator>.Instance);

        var error = await Assert.ThrowsAsync<GenerationFailedException>(() => generator.GenerateAsync(Request, NoProgress, TestContext.Current.CancellationToken));

        Assert.Equal(EngineImageGenerator.ModelUnavailableMessage, error.Message);
        Assert.DoesNotContain("/secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_PassesCancellationThrough()
    {
        var generator = new EngineImageGenerator(new ThrowingEngine(new OperationCanceledException()), NullLogger<EngineImageGenerator>.Instance);

        await Assert.ThrowsAsync<OperationCanceledException>(() => generator.GenerateAsync(Request, NoProgress, TestContext.Current.CancellationToken));
    }

    private sealed class ThrowingEngine(Exception error) : IDiffusionEngine
    {
        public GenerationLimits Limits => throw error;

        public IReadOnlyList<string> Validate(GenerationRequest request) => [];

        public Task<DiffusionBot.Diffusion.Models.ModelDefaults> GetModelDefaultsAsync(CancellationToken cancellationToken) =>
            Task.FromException<DiffusionBot.Diffusion.Models.ModelDefaults>(error);

        public Task<DiffusionBot.Diffusion.Pipeline.GenerationResult> GenerateAsync(GenerationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromException<DiffusionBot.Diffusion.Pipeline.GenerationResult>(error);

        public Task<DiffusionBot.Diffusion.Pipeline.GenerationResult> VaryAsync(DiffusionBot.Diffusion.Pipeline.VariationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromException<DiffusionBot.Diffusion.Pipeline.GenerationResult>(error);

        public Task<UpscaleResult> UpscaleAsync(ReadOnlyMemory<byte> png, int factor, CancellationToken cancellationToken) =>
            Task.FromException<UpscaleResult>(error);

        public Task<PromptTokens> CountTokensAsync(string prompt, CancellationToken cancellationToken) =>
            Task.FromException<PromptTokens>(error);
    }
}
