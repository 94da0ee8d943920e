using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Conditioning;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Prompting;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Upscaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>The Stable Diffusion pipeline: parse and chunk the prompts → encode text (weighted, chunks joined) →
/// denoise (classifier-free guidance in one UNet batch) → VAE decode → safety check → PNG. Owns the ONNX sessions (loaded once, on first use).</summary>
public sealed partial class DiffusionEngine : IDiffusionEngine, ILoadedModels, IDisposable
{
    private readonly GeneratorOptions _options;
    private readonly FolderModelCatalog _catalog;
    private readonly bool _ownsCatalog;
    private readonly ISeedSource _seeds;
    private readonly TimeProvider _time;
    private readonly ILogger<DiffusionEngine> _logger;
    private readonly OnnxSessionFactory _sessionFactory;
    private readonly LoadedModelCache _models;
    private readonly RequestValidator _validator = new();
    private readonly SemaphoreSlim _upscalerLock = new(1, 1);
    private readonly LoraFileHash _loraHashes = new();
    private UpscalerSet? _upscalers;
    private bool _upscalersResolved;

    /// <summary>An engine over the catalogue (the host's registration).</summary>
    public DiffusionEngine(IOptions<GeneratorOptions> options, FolderModelCatalog catalog, ISeedSource seeds, TimeProvider time, ILogger<DiffusionEngine> logger)
        : this(options, catalog, ownsCatalog: false, seeds, time, logger, runObserver: null)
    {
    }

    /// <summary>An engine whose catalogue holds one model: the folder <paramref name="modelFolder"/> supplies (tests, tools).</summary>
    public DiffusionEngine(IOptions<GeneratorOptions> options, IModelFolderProvider modelFolder, ISeedSource seeds, TimeProvider time, ILogger<DiffusionEngine> logger)
        : this(options, modelFolder, seeds, time, logger, runObserver: null)
    {
    }

    /// <param name="runObserver">Sees every ONNX run's inputs (tests).</param>
    internal DiffusionEngine(IOptions<GeneratorOptions> options, IModelFolderProvider modelFolder, ISeedSource seeds, TimeProvider time, ILogger<DiffusionEngine> logger,
        IOnnxRunObserver? runObserver)
        : this(options, new FolderModelCatalog(Microsoft.Extensions.Options.Options.Create(new ModelsOptions()), modelFolder), ownsCatalog: true, seeds, time, logger, runObserver)
    {
    }

    internal DiffusionEngine(IOptions<GeneratorOptions> options, FolderModelCatalog catalog, bool ownsCatalog, ISeedSource seeds, TimeProvider time,
        ILogger<DiffusionEngine> logger, IOnnxRunObserver? runObserver)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _catalog = catalog;
        _ownsCatalog = ownsCatalog;
        _seeds = seeds;
        _time = time;
        _logger = logger;
        _sessionFactory = new OnnxSessionFactory(_options, runObserver);
        _models = new LoadedModelCache(_options, _sessionFactory, time, logger);
    }

    /// <summary>The catalogue this engine serves, read (once) on first use.</summary>
    public async Task<FolderModelCatalog> GetCatalogAsync(CancellationToken cancellationToken)
    {
        await _catalog.LoadAsync(cancellationToken);
        return _catalog;
    }

    /// <summary>Names of the models in memory now.</summary>
    public IReadOnlyList<string> LoadedModels => _models.LoadedNames;

    public bool IsLoaded(string model) => _models.IsLoaded(model);

    public async Task<IReadOnlyList<string>> ValidateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (prompt, negative, loras, problems) = PromptLoras.Apply(request.Prompt ?? string.Empty, request.NegativePrompt, request.Loras);
        var catalog = await GetCatalogAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(request.Model) && !catalog.TryFindEntry(request.Model, out _))
            return [.. problems, $"Unknown model '{request.Model}'. Choose one of: {string.Join(", ", catalog.Entries.Select(m => m.Name))}."];
        return [.. problems, .. _validator.Validate(request with { Prompt = prompt, NegativePrompt = negative, Loras = loras }, catalog.Resolve(request.Model))];
    }

    /// <summary>Loads a catalogue model (null: the default) now, as its first request would; returns how long that took
    /// (zero when it was in memory).</summary>
    public async Task<TimeSpan> LoadAsync(string? model, CancellationToken cancellationToken)
    {
        var entry = (await GetCatalogAsync(cancellationToken)).Resolve(model);
        using var lease = await _models.AcquireAsync(entry, loading: null, cancellationToken);
        return lease.LoadTime;
    }

    public async Task<ModelDefaults> GetModelDefaultsAsync(CancellationToken cancellationToken) =>
        (await GetCatalogAsync(cancellationToken)).DefaultModel.Defaults;

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (prompt, negative, tagged, problems) = PromptLoras.Apply(request.Prompt ?? string.Empty, request.NegativePrompt, request.Loras);
        if (problems.Count > 0)
            throw new DiffusionRequestException(problems);
        request = request with { Prompt = prompt, NegativePrompt = negative, Loras = tagged };
        var entry = (await GetCatalogAsync(cancellationToken)).Resolve(request.Model);
        var noiseSource = _validator.ResolveNoiseSource(request.NoiseSource, _options.NoiseSource);
        var settings = _validator.Resolve(request, entry);
        CheckSizeFitsModel(entry, settings.Width, settings.Height);
        var seed = request.Seed ?? _seeds.NextSeed();
        using var lease = await AcquireAsync(entry, progress, cancellationToken);
        return await Task.Run(() =>
        {
            using var loras = AcquireLoras(lease.Model, request.Loras, cancellationToken);
            var result = Generate(entry, lease, loras?.Set, settings, seed, noiseSource, initImage: null, progress, cancellationToken);
            return result with { LoraHashes = LoraHashes(lease.Model, request.Loras, cancellationToken) };
        }, cancellationToken);
    }

    public async Task<GenerationResult> VaryAsync(VariationRequest request, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (prompt, negative, tagged, problems) = PromptLoras.Apply(request.Prompt ?? string.Empty, request.NegativePrompt, explicitLoras: null);
        if (problems.Count > 0)
            throw new DiffusionRequestException(problems);
        request = request with { Prompt = prompt, NegativePrompt = negative };
        var entry = (await GetCatalogAsync(cancellationToken)).Resolve(request.Model);
        var noiseSource = _validator.ResolveNoiseSource(request.NoiseSource, _options.NoiseSource);
        var decoded = PngCodec.Decode(request.SourcePng.Span, _options.MaxInputImagePixels);
        var source = FitToModel(decoded, entry);
        var settings = _validator.Resolve(request, source.Width, source.Height, entry);
        var seed = request.Seed ?? _seeds.NextSeed();
        if (!entry.Folder.HasVaeEncoder)
            throw new DiffusionModelException($"Variations need a VAE encoder, and '{entry.Folder.VaeEncoder}' is missing. Export the model with its vae_encoder.");
        using var lease = await AcquireAsync(entry, progress, cancellationToken);
        return await Task.Run(() =>
        {
            using var loras = AcquireLoras(lease.Model, tagged, cancellationToken);
            var result = Generate(entry, lease, loras?.Set, settings, seed, noiseSource, source, progress, cancellationToken);
            return result with { LoraHashes = LoraHashes(lease.Model, tagged, cancellationToken) };
        }, cancellationToken);
    }

    /// <summary>The model in memory, loading it first (and saying so through <paramref name="progress"/>) when it is not.</summary>
    private Task<LoadedModelCache.ModelLease> AcquireAsync(CatalogModel entry, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken) =>
        _models.AcquireAsync(entry, progress is null ? null : () => progress.Report(new DiffusionProgress(0, 0, TimeSpan.Zero)
        {
            Phase = $"Loading model {entry.Name}…",
        }), cancellationToken);

    /// <summary>A loaded model for work any model can do (tokenizing): the one last used, else the default.</summary>
    private async Task<LoadedModelCache.ModelLease> AcquireAnyAsync(CancellationToken cancellationToken)
    {
        var catalog = await GetCatalogAsync(cancellationToken);
        var entry = _models.MostRecentlyUsed is { } recent && catalog.TryFindEntry(recent, out var loaded) ? loaded : catalog.DefaultModel;
        return await _models.AcquireAsync(entry, loading: null, cancellationToken);
    }

    public async Task<UpscaleResult> UpscaleAsync(ReadOnlyMemory<byte> png, int factor, CancellationToken cancellationToken)
    {
        if (factor is not (2 or 4))
            throw new DiffusionRequestException($"The upscale factor must be 2 or 4 (got {factor}).");
        var (width, height) = PngCodec.ReadSize(png.Span);
        if (width > _options.MaxUpscaleInputEdge || height > _options.MaxUpscaleInputEdge)
            throw new DiffusionRequestException($"The image is {width}×{height}; the largest that can be upscaled is {_options.MaxUpscaleInputEdge}×{_options.MaxUpscaleInputEdge}.");
        var image = PngCodec.Decode(png.Span, _options.MaxInputImagePixels);
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

    public async Task<PromptAnalysis> AnalyzePromptAsync(string prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        using var lease = await AcquireAnyAsync(cancellationToken);
        var (chunker, usableChunks) = Chunking(lease.Model);
        return PromptPlan.Analyze(chunker, usableChunks, prompt);
    }

    public async Task<IReadOnlyList<string>> CheckPromptsAsync(string prompt, string? negativePrompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var (tagFree, tagFreeNegative, loras, problems) = PromptLoras.Apply(prompt, negativePrompt, explicitLoras: null);
        (prompt, negativePrompt) = (tagFree, tagFreeNegative);
        var syntax = problems
            .Concat(PromptRules.SyntaxProblems(PromptParser.Parse(prompt), PromptPlan.PromptName))
            .Concat(PromptRules.SyntaxProblems(PromptParser.Parse(negativePrompt ?? string.Empty), PromptPlan.NegativeName)).ToList();
        if (syntax.Count > 0)
            return syntax;
        using var lease = await AcquireAnyAsync(cancellationToken);
        var model = lease.Model;
        var unknown = UnknownLoras(model, loras);
        if (unknown.Count > 0)
            return unknown;
        var (chunker, usableChunks) = Chunking(model);
        try
        {
            _ = PromptPlan.Create(chunker, usableChunks, prompt, negativePrompt ?? string.Empty);
            return [];
        }
        catch (DiffusionRequestException ex)
        {
            return ex.Errors;
        }
    }

    /// <summary>Test seam: sees the <c>encoder_hidden_states</c> the UNet is given (values and shape), once per request.</summary>
    internal Action<(float[] Values, long[] Shape)>? UnetConditioningObserver { get; set; }


    /// <summary>A problem for each LoRA that has no file, naming the closest ones there are.</summary>
    private static List<string> UnknownLoras(LoadedModel model, IReadOnlyList<LoraWeight>? loras)
    {
        if (loras is null || loras.Count == 0)
            return [];
        var names = new LoraLibrary(model.LoraFolder).Names();
        if (names.Count == 0)
            return ["LoRAs are not available on this bot (no LoRA files are configured)."];
        return [.. loras.Where(l => !names.Contains(l.Name, StringComparer.OrdinalIgnoreCase)).Select(l => LoraSuggestions.Describe(l.Name, names))];
    }

    /// <summary>Name and AUTOMATIC1111 short hash of each LoRA applied (non-zero weight), for the infotext.</summary>
    private IReadOnlyList<KeyValuePair<string, string>> LoraHashes(LoadedModel model, IReadOnlyList<LoraWeight>? loras, CancellationToken cancellationToken)
    {
        if (loras is null)
            return [];
        var library = new LoraLibrary(model.LoraFolder);
        try
        {
            return [.. loras.Where(l => l.Weight != 0).Select(l => library.Resolve(l.Name))
                .Select(file => new KeyValuePair<string, string>(Path.GetFileNameWithoutExtension(file.Name), _loraHashes.ShortHash(file, cancellationToken)))];
        }
        catch (LoraFileException ex)
        {
            throw new DiffusionRequestException(ex.Message);
        }
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

    private GenerationResult Generate(CatalogModel entry, LoadedModelCache.ModelLease lease, LoraSessionSet? loras, ResolvedSettings settings, long seed, NoiseSourceKind noiseSource,
        RgbImage? initImage, IProgress<DiffusionProgress>? progress, CancellationToken cancellationToken)
    {
        var model = lease.Model;
        var started = _time.GetTimestamp();
        using var run = new CancellableRun(cancellationToken);
        var unet = loras?.Unet ?? model.Unet;
        var conditioner = model.ConditionerWith(loras);
        // An LCM UNet takes the guidance as an embedding and runs without an unconditional half.
        var guided = settings.Guidance > 1.0 && unet.TimestepCond is null;

        var (chunker, usableChunks) = Chunking(model);
        var prompts = PromptPlan.Create(chunker, usableChunks, settings.Prompt, settings.NegativePrompt);
        var (promptTokens, negativeTokens) = (prompts.PromptTokens, prompts.NegativeTokens);
        var chunks = prompts.Prompt.Count;
        var cond = conditioner.Encode(settings.Prompt, chunks, run);
        var uncond = !guided ? null
            : model.Folder.ForceZerosForEmptyPrompt && settings.NegativePrompt.Length == 0 ? cond.Zeros()
            : conditioner.Encode(settings.NegativePrompt, chunks, run);
        var textTime = _time.GetElapsedTime(started);

        var latentHeight = settings.Height / 8;
        var latentWidth = settings.Width / 8;
        var timeIds = unet.HasAddedConditioning ? SdxlTimeIds(settings.Width, settings.Height) : null;
        var guidanceEmbedding = unet.TimestepCond is null ? null : GuidanceEmbedding.For(settings.Guidance, unet.TimestepCondWidth);
        using var loop = new DenoisingLoop(unet, settings.Count, latentHeight, latentWidth, cond, uncond, timeIds, guidanceEmbedding);
        UnetConditioningObserver?.Invoke(loop.CopyEncoderHiddenStates());
        var schedulers = new IScheduler[settings.Count];
        var noises = new IGaussianNoise[settings.Count];
        var initDistribution = initImage is null ? null : model.VaeEncoder!.Encode(initImage, run);
        if (initDistribution is not null && initDistribution.Length != loop.ImageLength)
            throw new DiffusionModelException($"'{model.VaeEncoder!.File}' produced {initDistribution.Length} latent values for a {initImage!.Width}×{initImage.Height} image; the UNet expects {loop.ImageLength}. Re-export the VAE encoder of the same model.");

        var startIndex = 0;
        var noise = new float[loop.ImageLength];
        for (var i = 0; i < settings.Count; i++)
        {
            var scheduler = CreateScheduler(model, settings, imageToImage: initDistribution is not null, out startIndex);
            // Each image has its own generator (seed + i), as in AUTOMATIC1111, so any image can be made again alone.
            // Draw order from it: first the VAE latent sample (image-to-image only), then the starting noise, then
            // whatever the scheduler draws while denoising.
            var rng = NoiseSources.Create(noiseSource, seed + i);
            var initLatents = initDistribution?.Sample(rng);
            rng.Fill(noise);
            var latents = loop.Latents(i);
            if (initLatents is null)
                System.Numerics.Tensors.TensorPrimitives.Multiply(noise, scheduler.InitNoiseSigma, latents);
            else
                scheduler.AddNoise(initLatents, noise, startIndex, latents);

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
        var generated = images.Select((image, i) => new GeneratedImage(PngCodec.Encode(image), seed + i, flags[i], image.Width, image.Height)).ToList();
        var total = _time.GetElapsedTime(started);
        LogGenerated(_logger, entry.Name, settings.Count, settings.Width, settings.Height, totalSteps, SchedulerNames.ToName(settings.Scheduler), total.TotalMilliseconds);

        return new GenerationResult(generated, PromptTokens.TruncationNote(promptTokens, negativeTokens))
        {
            Steps = settings.Steps,
            Guidance = settings.Guidance,
            SchedulerName = SchedulerNames.ToName(settings.Scheduler),
            ModelName = entry.Name,
            Prompt = promptTokens,
            NegativePrompt = negativeTokens,
            SafetyChecked = model.SafetyChecker is not null,
            Timings = new GenerationTimings(textTime, denoiseTime, decodeTime, safetyTime, total)
            {
                PerStep = totalSteps > 0 ? denoiseTime / totalSteps : TimeSpan.Zero,
                ModelLoad = lease.LoadTime,
            },
            NoiseSource = NoiseSources.ToName(noiseSource),
            Strength = initImage is null ? null : settings.Strength,
        };
    }

    /// <summary>A scheduler with its schedule set: the whole one, or for image-to-image the one for the request's strength
    /// (<paramref name="startIndex"/> is then the step to noise the encoded image to and start from; 0 otherwise).</summary>
    private IScheduler CreateScheduler(LoadedModel model, ResolvedSettings settings, bool imageToImage, out int startIndex)
    {
        try
        {
            var scheduler = SchedulerFactory.Create(settings.Scheduler, model.SchedulerConfig, _options.DdimEta);
            startIndex = 0;
            if (imageToImage)
                startIndex = scheduler.SetImageToImageTimesteps(settings.Steps, settings.Strength);
            else
                scheduler.SetTimesteps(settings.Steps);
            return scheduler;
        }
        catch (ArgumentOutOfRangeException ex) when (imageToImage && ex.ParamName == "strength")
        {
            throw new DiffusionRequestException($"Strength {settings.Strength} with {settings.Steps} steps of {SchedulerNames.ToName(settings.Scheduler)} cannot run: {FirstLine(ex.Message)}");
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

    /// <summary>The model's chunker, and how many chunks its UNet takes (null: any number).</summary>
    private static (PromptChunker Chunker, int? UsableChunks) Chunking(LoadedModel model)
    {
        var chunker = model.Conditioner.Chunker;
        return (chunker, PromptPlan.UsableChunks(model.Unet.FixedSequenceLength, chunker));
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>SDXL's added time ids for both guidance halves: original size (h, w), crop top-left (0, 0), target size (h, w).</summary>
    internal static float[] SdxlTimeIds(int width, int height) => [height, width, 0, 0, height, width];

    private static void CheckSizeFitsModel(CatalogModel entry, int width, int height)
    {
        var multiple = entry.Folder.SizeMultiple;
        if (width % multiple != 0 || height % multiple != 0)
            throw new DiffusionRequestException($"Width and height must be multiples of {multiple} for the model {entry.Name} (got {width}×{height}); its default is {entry.Defaults.Width}×{entry.Defaults.Height}.");
    }

    /// <summary>Resizes an input image to a size the model allows: shrunk (keeping the aspect) to the largest of the
    /// model's sizes, then each side rounded down to a multiple of the model's size step (at least one step).</summary>
    private static RgbImage FitToModel(RgbImage source, CatalogModel entry)
    {
        var multiple = entry.Folder.SizeMultiple;
        var maxWidth = entry.Info.Sizes.Max(s => s.Width);
        var maxHeight = entry.Info.Sizes.Max(s => s.Height);
        var scale = Math.Min(1.0, Math.Min((double)maxWidth / source.Width, (double)maxHeight / source.Height));
        int Side(int length, int max) => Math.Clamp((int)(length * scale) / multiple * multiple, multiple, Math.Max(multiple, max / multiple * multiple));
        var width = Side(source.Width, maxWidth);
        var height = Side(source.Height, maxHeight);
        return width == source.Width && height == source.Height ? source : PngCodec.Resize(source, width, height);
    }

    private async Task<UpscalerSet?> GetUpscalersAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _upscalersResolved))
            return _upscalers;
        await _upscalerLock.WaitAsync(cancellationToken);
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
                var modelRoot = (await GetCatalogAsync(cancellationToken)).DefaultModel.Folder.Root;
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
            _upscalerLock.Release();
        }
    }

    public void Dispose()
    {
        _models.Dispose();
        _upscalers?.Dispose();
        _upscalerLock.Dispose();
        if (_ownsCatalog)
            _catalog.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated {Count} image(s) with {Model}, {Width}x{Height}, {Steps} steps of {Scheduler}, in {Milliseconds:F0} ms")]
    private static partial void LogGenerated(ILogger logger, string model, int count, int width, int height, int steps, string scheduler, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "LoRA {Name} applied: {Matched} layers matched, {Unmatched} matched nothing ({UnmatchedKeys})")]
    private static partial void LogLoraMatched(ILogger logger, string name, int matched, int unmatched, string unmatchedKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upscaled {Factor}x with {Method}")]
    private static partial void LogUpscaled(ILogger logger, int factor, string method);
}
