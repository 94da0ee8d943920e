using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Upscaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>The Stable Diffusion pipeline: tokenize → encode text → denoise (classifier-free guidance in one UNet
/// batch) → VAE decode → safety check → PNG. Owns the ONNX sessions (loaded once, on first use).</summary>
public sealed partial class DiffusionEngine : IDiffusionEngine, IDisposable
{
    private readonly GeneratorOptions _options;
    private readonly IModelFolderProvider _modelFolders;
    private readonly ISeedSource _seeds;
    private readonly TimeProvider _time;
    private readonly ILogger<DiffusionEngine> _logger;
    private readonly OnnxSessionFactory _sessionFactory;
    private readonly RequestValidator _validator;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private LoadedModel? _model;
    private UpscalerSet? _upscalers;
    private bool _upscalersResolved;

    public DiffusionEngine(IOptions<GeneratorOptions> options, IModelFolderProvider modelFolders, ISeedSource seeds, TimeProvider time, ILogger<DiffusionEngine> logger)
    {
        _options = options.Value;
        _modelFolders = modelFolders;
        _seeds = seeds;
        _time = time;
        _logger = logger;
        _sessionFactory = new OnnxSessionFactory(_options);
        Limits = new GenerationLimits(_options.MaxSteps, _options.MaxWidth, _options.MaxHeight, 0, _options.MaxGuidance, 4,
            _options.DefaultSteps, _options.DefaultGuidance, _options.DefaultWidth, _options.DefaultHeight, _options.DefaultScheduler,
            _options.DefaultVariationStrength, _options.MaxUpscaleInputEdge, SchedulerNames.CanonicalNames);
        _validator = new RequestValidator(Limits);
    }

    public GenerationLimits Limits { get; }

    public IReadOnlyList<string> Validate(GenerationRequest request) => _validator.Validate(request);

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
    {
        var settings = _validator.Resolve(request);
        var seed = request.Seed ?? _seeds.NextSeed();
        var model = await GetModelAsync(cancellationToken);
        return await Task.Run(() =>
        {
            using var loras = AcquireLoras(model, request.Loras, cancellationToken);
            return Generate(model, loras?.Set, settings, seed, initImage: null, progress, cancellationToken);
        }, cancellationToken);
    }

    public async Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
    {
        var source = FitToLimits(PngCodec.Decode(request.SourceImage.Span));
        var settings = _validator.Resolve(request, source.Width, source.Height);
        var seed = request.Seed ?? _seeds.NextSeed();
        var model = await GetModelAsync(cancellationToken);
        if (model.VaeEncoder is null)
            throw new DiffusionModelException($"Variations need a VAE encoder, and '{model.Folder.VaeEncoder}' is missing. Export the model with its vae_encoder.");
        return await Task.Run(() =>
        {
            using var loras = AcquireLoras(model, request.Loras, cancellationToken);
            return Generate(model, loras?.Set, settings, seed, source, progress, cancellationToken);
        }, cancellationToken);
    }

    public async Task<UpscaleResult> UpscaleAsync(ReadOnlyMemory<byte> png, int factor, CancellationToken cancellationToken)
    {
        if (factor is not (2 or 4))
            throw new DiffusionRequestException($"The upscale factor must be 2 or 4 (got {factor}).");
        var image = PngCodec.Decode(png.Span);
        if (image.Width > _options.MaxUpscaleInputEdge || image.Height > _options.MaxUpscaleInputEdge)
            throw new DiffusionRequestException($"The image is {image.Width}×{image.Height}; the largest that can be upscaled is {_options.MaxUpscaleInputEdge}×{_options.MaxUpscaleInputEdge}.");
        var upscalers = await GetUpscalersAsync(cancellationToken);
        return await Task.Run(() =>
        {
            var started = _time.GetTimestamp();
            using var run = new CancellableRun(cancellationToken);
            var viaModel = upscalers?.TryUpscale(image, factor, _options.UpscaleTileSize, _options.UpscaleTileOverlap, run);
            var (result, method, name) = viaModel is { } done
                ? (done.Image, UpscaleMethod.OnnxModel, done.MethodName)
                : (PngCodec.Resize(image, image.Width * factor, image.Height * factor), UpscaleMethod.SkiaResample,
                    "SkiaSharp Mitchell cubic resample (no upscaler model configured)");
            var bytes = PngCodec.Encode(result);
            LogUpscaled(_logger, factor, name);
            return new UpscaleResult(bytes, result.Width, result.Height, factor, method, name, _time.GetElapsedTime(started));
        }, cancellationToken);
    }

    public async Task<PromptTokens> CountTokensAsync(string prompt, CancellationToken cancellationToken)
    {
        var model = await GetModelAsync(cancellationToken);
        return Tokenize(model, prompt).Tokens;
    }

    /// <summary>The cached sessions for the request's LoRAs (built on first use); null when it names none with a non-zero weight.</summary>
    private LoraSessionLease? AcquireLoras(LoadedModel model, IReadOnlyList<LoraWeight>? loras, CancellationToken cancellationToken)
    {
        if (loras is null || loras.All(l => l.Weight == 0))
            return null;
        var library = new LoraLibrary(model.LoraFolder);
        var files = loras.Where(l => l.Weight != 0).Select(l => (library.Resolve(l.Name), l.Weight)).ToList();
        LoraSessionLease lease;
        try
        {
            lease = model.Loras.Acquire(files, cancellationToken);
        }
        catch (LoraFileException ex)
        {
            throw new DiffusionRequestException(ex.Message);
        }

        if (lease.Set.TakeFirstUse())
        {
            foreach (var report in lease.Set.Reports)
                LogLoraMatched(_logger, report.LoraName, report.Matched, report.Unmatched, string.Join(", ", report.UnmatchedKeys.Take(5)));
        }

        return lease;
    }

    private GenerationResult Generate(LoadedModel model, LoraSessionSet? loras, ResolvedSettings settings, long seed, RgbImage? initImage,
        IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var run = new CancellableRun(cancellationToken);
        var guided = settings.Guidance > 1.0;
        var textEncoder = loras?.TextEncoder ?? model.TextEncoder;
        var unet = loras?.Unet ?? model.Unet;

        var (promptIds, promptTokens) = Tokenize(model, settings.Prompt);
        var (negativeIds, negativeTokens) = Tokenize(model, settings.NegativePrompt);
        var cond = textEncoder.Encode(promptIds, run);
        var uncond = guided ? textEncoder.Encode(negativeIds, run).Hidden : null;
        var textTime = _time.GetElapsedTime(started);

        var latentHeight = settings.Height / 8;
        var latentWidth = settings.Width / 8;
        using var loop = new DenoisingLoop(unet, settings.Count, latentHeight, latentWidth, cond.Hidden, uncond, cond.SequenceLength, cond.Width);
        var schedulers = new IScheduler[settings.Count];
        var noises = new IGaussianNoise[settings.Count];
        var initLatents = initImage is null ? null : model.VaeEncoder!.Encode(initImage, run);
        if (initLatents is not null && initLatents.Length != loop.ImageLength)
            throw new DiffusionModelException($"'{model.Folder.VaeEncoder}' produced {initLatents.Length} latent values; the UNet expects {loop.ImageLength}.");

        var startIndex = 0;
        var noise = new float[loop.ImageLength];
        for (var i = 0; i < settings.Count; i++)
        {
            var scheduler = CreateScheduler(model, settings);
            var rng = new XoshiroGaussianNoise(seed + i);
            rng.Fill(noise);
            var latents = loop.Latents(i);
            if (initLatents is null)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(noise, scheduler.InitNoiseSigma, latents);
            }
            else
            {
                startIndex = StartIndex(scheduler, settings);
                scheduler.AddNoise(initLatents, noise, startIndex, latents);
            }

            schedulers[i] = scheduler;
            noises[i] = rng;
        }

        var totalSteps = schedulers[0].Timesteps.Length - startIndex;
        var denoiseStarted = _time.GetTimestamp();
        loop.Run(schedulers, noises, (float)settings.Guidance, startIndex,
            step => progress?.Report(new DiffusionProgress(step - startIndex + 1, totalSteps, _time.GetElapsedTime(started))), run);
        var denoiseTime = _time.GetElapsedTime(denoiseStarted);

        var decodeStarted = _time.GetTimestamp();
        var images = new RgbImage[settings.Count];
        for (var i = 0; i < settings.Count; i++)
            images[i] = model.VaeDecoder.Decode(loop.Latents(i), loop.Channels, latentHeight, latentWidth, run);
        var decodeTime = _time.GetElapsedTime(decodeStarted);

        var safetyStarted = _time.GetTimestamp();
        var flags = new bool[settings.Count];
        if (model.SafetyChecker is { } checker)
        {
            for (var i = 0; i < settings.Count; i++)
                flags[i] = checker.IsNsfw(images[i], run);
        }

        var safetyTime = _time.GetElapsedTime(safetyStarted);
        var generated = images.Select((image, i) => new GeneratedImage(PngCodec.Encode(image), seed + i, flags[i])).ToList();
        var grid = settings.Count > 1 ? PngCodec.Encode(ImageGrid.Compose(images)) : null;
        var total = _time.GetElapsedTime(started);
        LogGenerated(_logger, settings.Count, settings.Width, settings.Height, totalSteps, settings.Scheduler, total.TotalMilliseconds);

        return new GenerationResult(generated, grid, images[0].Width, images[0].Height, settings.Steps, settings.Guidance,
            SchedulerNames.ToName(settings.Scheduler), model.Folder.Name, promptTokens, negativeTokens, model.SafetyChecker is not null,
            new GenerationTimings(textTime, denoiseTime, decodeTime, safetyTime, total)
            {
                PerStep = totalSteps > 0 ? denoiseTime / totalSteps : TimeSpan.Zero,
            });
    }

    private static IScheduler CreateScheduler(LoadedModel model, ResolvedSettings settings)
    {
        try
        {
            var scheduler = SchedulerFactory.Create(settings.Scheduler, model.SchedulerConfig);
            scheduler.SetTimesteps(settings.Steps);
            return scheduler;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new DiffusionRequestException($"{SchedulerNames.ToName(settings.Scheduler)} cannot run {settings.Steps} steps with this model: {FirstLine(ex.Message)}");
        }
        catch (SchedulerConfigException ex)
        {
            throw new DiffusionModelException($"'{model.Folder.SchedulerConfig}' does not suit {SchedulerNames.ToName(settings.Scheduler)} with {settings.Steps} steps: {ex.Message} Fix the file or choose another scheduler.", ex);
        }
    }

    private static int StartIndex(IScheduler scheduler, ResolvedSettings settings)
    {
        try
        {
            return ImageToImageSchedule.GetStartStepIndex(scheduler, settings.Strength);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new DiffusionRequestException($"Strength {settings.Strength} with {settings.Steps} steps leaves nothing to do; raise the strength or the steps ({FirstLine(ex.Message)}).");
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static (int[] Ids, PromptTokens Tokens) Tokenize(LoadedModel model, string text)
    {
        var encoded = model.EncodePrompt(text);
        return (encoded.InputIds, new PromptTokens(encoded.TokenCount, encoded.WasTruncated, encoded.TruncatedText));
    }

    /// <summary>Crops the source to multiples of 8 and shrinks it (keeping the aspect) to the size limits.</summary>
    private RgbImage FitToLimits(RgbImage source)
    {
        var scale = Math.Min(1.0, Math.Min((double)_options.MaxWidth / source.Width, (double)_options.MaxHeight / source.Height));
        var width = Math.Max(8, (int)(source.Width * scale) / 8 * 8);
        var height = Math.Max(8, (int)(source.Height * scale) / 8 * 8);
        return width == source.Width && height == source.Height ? source : PngCodec.Resize(source, width, height);
    }

    private async Task<LoadedModel> GetModelAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _model) is { } loaded)
            return loaded;
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (_model is not null)
                return _model;
            var folder = ModelFolder.Open(await _modelFolders.GetModelFolderAsync(cancellationToken));
            var started = _time.GetTimestamp();
            var model = await Task.Run(() => LoadedModel.Load(folder, _sessionFactory, _options.EnableSafetyChecker, _options.EmbeddingPath, _options.MaxLoraSessions, _options.LoraPath), cancellationToken);
            LogModelLoaded(_logger, folder.Name, folder.Root, _options.ExecutionProvider, model.Unet.SampleType.ToString(), model.Unet.TimestepType.ToString(),
                model.SafetyChecker is not null, _time.GetElapsedTime(started).TotalMilliseconds);
            foreach (var skipped in model.Embeddings.Skipped)
                LogEmbeddingSkipped(_logger, skipped);
            Volatile.Write(ref _model, model);
            return model;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task<UpscalerSet?> GetUpscalersAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _upscalersResolved))
            return _upscalers;
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (_upscalersResolved)
                return _upscalers;
            string? path = null;
            if (!string.IsNullOrWhiteSpace(_options.UpscalerPath))
            {
                path = _options.UpscalerPath;
                if (!File.Exists(path) && !Directory.Exists(path))
                    throw new DiffusionModelException($"Generator:UpscalerPath '{path}' does not exist. Point it at a Real-ESRGAN ONNX file or folder, or leave it empty for SkiaSharp resampling.");
            }
            else
            {
                var modelRoot = await _modelFolders.GetModelFolderAsync(cancellationToken);
                var candidate = Path.Combine(modelRoot, "upscaler");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.onnx", SearchOption.AllDirectories).Any())
                    path = candidate;
            }

            _upscalers = path is null ? null : await Task.Run(() => UpscalerSet.Load(path, _sessionFactory), cancellationToken);
            Volatile.Write(ref _upscalersResolved, true);
            return _upscalers;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    public void Dispose()
    {
        _model?.Dispose();
        _upscalers?.Dispose();
        _loadLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Name} from {Path} on {Provider} (unet sample {SampleType}, timestep {TimestepType}, safety checker {HasSafetyChecker}) in {Milliseconds:F0} ms")]
    private static partial void LogModelLoaded(ILogger logger, string name, string path, ExecutionProviderKind provider, string sampleType, string timestepType, bool hasSafetyChecker, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated {Count} image(s) {Width}x{Height}, {Steps} steps of {Scheduler}, in {Milliseconds:F0} ms")]
    private static partial void LogGenerated(ILogger logger, int count, int width, int height, int steps, SchedulerKind scheduler, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "LoRA {Name} applied: {Matched} layers matched, {Unmatched} matched nothing ({UnmatchedKeys})")]
    private static partial void LogLoraMatched(ILogger logger, string name, int matched, int unmatched, string unmatchedKeys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding skipped: {Reason}")]
    private static partial void LogEmbeddingSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upscaled {Factor}x with {Method}")]
    private static partial void LogUpscaled(ILogger logger, int factor, string method);
}
