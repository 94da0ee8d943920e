using DiffusionBot.Bot.Generation;
using DiffusionBot.Core.Infotext;
using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Upscaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Tests.Bot;

public sealed class EngineImageGeneratorTests
{
    private static readonly TextToImageRequest Request = new("a cat", null, 1, 2, 7.5, 64, 64, 1, "stable-diffusion-v1-5", "euler_a", "cpu");
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

    [Fact]
    public async Task PromptChecker_ModelCannotLoad_LetsTheJobThroughForTheWorkerToReport()
    {
        var checker = new EnginePromptChecker(new ThrowingEngine(new DiffusionModelException("tokenizer/vocab.json is missing")),
            Microsoft.Extensions.Options.Options.Create(new Core.Options.LimitsOptions()), NullLogger<EnginePromptChecker>.Instance);

        Assert.Null(await checker.CheckAsync("a cat", null, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(2, "a <lora:a> <lora:b> <lora:c>", "At most 2 LoRAs can be used in one prompt (got 3).")]
    [InlineData(0, "a <lora:a>", "LoRAs cannot be used on this bot; remove the <lora:…> tags.")]
    [InlineData(3, "a <lora:a> <lora:b> <lora:c>", null)]
    public async Task PromptChecker_LoraTags_HeldToMaxLorasPerJob(int max, string prompt, string? expected)
    {
        var checker = new EnginePromptChecker(new RecordingEngine(),
            Microsoft.Extensions.Options.Options.Create(new Core.Options.LimitsOptions { MaxLorasPerJob = max }), NullLogger<EnginePromptChecker>.Instance);

        Assert.Equal(expected, await checker.CheckAsync(prompt, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GenerateAsync_StoredJobsNoiseSource_ReachesTheEngineAndEachPngCarriesItsParameters()
    {
        var engine = new RecordingEngine();
        var generator = new EngineImageGenerator(engine, NullLogger<EngineImageGenerator>.Instance);

        var result = await generator.GenerateAsync(Request with { NoiseSource = "xoshiro", Count = 2, NegativePrompt = "dogs" }, NoProgress, TestContext.Current.CancellationToken);

        Assert.Equal("xoshiro", engine.Generated!.NoiseSource);
        var second = GenerationInfotext.Parse(PngTextChunks.ReadText(result.Images[1].Png, "parameters")!);
        Assert.Equal(("a cat", "dogs", 2L, "xoshiro", "euler_a", "tiny-sd"), (second.Prompt, second.NegativePrompt, second.Seed!.Value, second.NoiseSource, second.Scheduler, second.Model));
        Assert.Null(second.DenoisingStrength);
    }

    [Fact]
    public async Task GenerateAsync_LorasApplied_PngCarriesLoraHashesAsTheWebUiWritesThem()
    {
        var engine = new RecordingEngine { LoraHashes = [new("style-kohya", "0123456789ab"), new("b:c,d", "ba9876543210")] };
        var generator = new EngineImageGenerator(engine, NullLogger<EngineImageGenerator>.Instance);

        var result = await generator.GenerateAsync(Request with { Prompt = "a cat <lora:style-kohya:0.8>" }, NoProgress, TestContext.Current.CancellationToken);

        var text = PngTextChunks.ReadText(result.Images[0].Png, "parameters")!;
        Assert.Contains("Lora hashes: \"style-kohya: 0123456789ab, bcd: ba9876543210\"", text, StringComparison.Ordinal);
        Assert.StartsWith("a cat <lora:style-kohya:0.8>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VaryAsync_PngCarriesDenoisingStrength()
    {
        var engine = new RecordingEngine();
        var generator = new EngineImageGenerator(engine, NullLogger<EngineImageGenerator>.Instance);
        var request = new VariationRequest(RecordingEngine.Png(8, 8), "a cat", 0.45, null, 9, 2, 7.5, 1, "euler", "nv", "m");

        var result = await generator.VaryAsync(request, NoProgress, TestContext.Current.CancellationToken);

        Assert.Equal(("nv", 0.45), (engine.Varied!.NoiseSource, engine.Varied.Strength!.Value));
        var infotext = GenerationInfotext.Parse(PngTextChunks.ReadText(result.Images[0].Png, "parameters")!);
        Assert.Equal((0.45, "nv", 9L), (infotext.DenoisingStrength!.Value, infotext.NoiseSource, infotext.Seed!.Value));
    }

    [Fact]
    public async Task UpscaleAsync_SourceWithParameters_KeepsThemAndAddsPostprocessing()
    {
        var generator = new EngineImageGenerator(new RecordingEngine(), NullLogger<EngineImageGenerator>.Instance);
        var source = PngTextChunks.WithText(RecordingEngine.Png(8, 8), "parameters", "a cat\nSteps: 20, Seed: 5, Size: 8x8, RNG: CPU");

        var result = await generator.UpscaleAsync(new UpscaleRequest(source, 2, "a cat", "m", 5, false), NoProgress, TestContext.Current.CancellationToken);

        var png = result.Images[0].Png;
        Assert.Equal("a cat\nSteps: 20, Seed: 5, Size: 8x8, RNG: CPU", PngTextChunks.ReadText(png, "parameters"));
        Assert.Equal("Postprocess upscale by: 2, Postprocess upscaler: \"resample, Mitchell\"", PngTextChunks.ReadText(png, "postprocessing"));
    }

    [Fact]
    public async Task UpscaleAsync_SourceFromBeforeParametersWereWritten_DescribesWhatTheJobKnows()
    {
        var generator = new EngineImageGenerator(new RecordingEngine(), NullLogger<EngineImageGenerator>.Instance);

        var result = await generator.UpscaleAsync(new UpscaleRequest(RecordingEngine.Png(8, 8), 2, "old cat", "sd15", 77, false), NoProgress, TestContext.Current.CancellationToken);

        var infotext = GenerationInfotext.Parse(PngTextChunks.ReadText(result.Images[0].Png, "parameters")!);
        Assert.Equal(("old cat", 77L, 8, 8, "sd15"), (infotext.Prompt, infotext.Seed!.Value, infotext.Width!.Value, infotext.Height!.Value, infotext.Model));
    }

    /// <summary>Returns plain PNGs (no text chunks) and records what it was asked.</summary>
    private sealed class RecordingEngine : IDiffusionEngine
    {
        public GenerationRequest? Generated { get; private set; }

        public VariationRequest? Varied { get; private set; }

        public static byte[] Png(int width, int height) => PngCodec.Encode(new RgbImage(width, height));

        public IReadOnlyList<string> LoadedModels => [];

        public Task<DiffusionBot.Diffusion.Models.FolderModelCatalog> GetCatalogAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ValidateAsync(GenerationRequest request, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<DiffusionBot.Diffusion.Models.ModelDefaults> GetModelDefaultsAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<GenerationResult> GenerateAsync(GenerationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
        {
            Generated = request;
            return Task.FromResult(Result(request.Count, request.Seed!.Value, request.NoiseSource!, strength: null));
        }

        public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
        {
            Varied = request;
            return Task.FromResult(Result(request.Count, request.Seed!.Value, request.NoiseSource!, request.Strength));
        }

        public Task<UpscaleResult> UpscaleAsync(ReadOnlyMemory<byte> png, int factor, CancellationToken cancellationToken) =>
            Task.FromResult(new UpscaleResult(Png(16, 16), 16, 16, factor, UpscaleMethod.SkiaResample, "resample, Mitchell", TimeSpan.Zero));

        public Task<DiffusionBot.Diffusion.Prompting.PromptAnalysis> AnalyzePromptAsync(string prompt, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>> CheckPromptsAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<DiffusionBot.Diffusion.Lora.LoraFileSummary>?> ListLorasAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<DiffusionBot.Diffusion.Embeddings.EmbeddingFileSummary>?> ListEmbeddingsAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public IReadOnlyList<KeyValuePair<string, string>> LoraHashes { get; init; } = [];

        private GenerationResult Result(int count, long seed, string noiseSource, double? strength) =>
            new([.. Enumerable.Range(0, count).Select(i => new GeneratedImage(Png(8, 8), seed + i, false, 8, 8))])
            {
                Steps = 2,
                Guidance = 7.5,
                SchedulerName = "euler_a",
                ModelName = "tiny-sd",
                NoiseSource = noiseSource,
                Strength = strength,
                LoraHashes = LoraHashes,
            };
    }

    private sealed class ThrowingEngine(Exception error) : IDiffusionEngine
    {
        public IReadOnlyList<string> LoadedModels => [];

        public Task<DiffusionBot.Diffusion.Models.FolderModelCatalog> GetCatalogAsync(CancellationToken cancellationToken) => Task.FromException<DiffusionBot.Diffusion.Models.FolderModelCatalog>(error);

        public Task<IReadOnlyList<string>> ValidateAsync(GenerationRequest request, CancellationToken cancellationToken) => Task.FromException<IReadOnlyList<string>>(error);

        public Task<DiffusionBot.Diffusion.Models.ModelDefaults> GetModelDefaultsAsync(CancellationToken cancellationToken) =>
            Task.FromException<DiffusionBot.Diffusion.Models.ModelDefaults>(error);

        public Task<GenerationResult> GenerateAsync(GenerationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromException<GenerationResult>(error);

        public Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromException<GenerationResult>(error);

        public Task<UpscaleResult> UpscaleAsync(ReadOnlyMemory<byte> png, int factor, CancellationToken cancellationToken) =>
            Task.FromException<UpscaleResult>(error);

        public Task<DiffusionBot.Diffusion.Prompting.PromptAnalysis> AnalyzePromptAsync(string prompt, CancellationToken cancellationToken) =>
            Task.FromException<DiffusionBot.Diffusion.Prompting.PromptAnalysis>(error);

        public Task<IReadOnlyList<string>> CheckPromptsAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<string>>(error);

        public Task<IReadOnlyList<DiffusionBot.Diffusion.Lora.LoraFileSummary>?> ListLorasAsync(CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<DiffusionBot.Diffusion.Lora.LoraFileSummary>?>(error);

        public Task<IReadOnlyList<DiffusionBot.Diffusion.Embeddings.EmbeddingFileSummary>?> ListEmbeddingsAsync(CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<DiffusionBot.Diffusion.Embeddings.EmbeddingFileSummary>?>(error);
    }
}
