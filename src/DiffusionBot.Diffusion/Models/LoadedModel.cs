using DiffusionBot.Diffusion.Conditioning;
using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Prompting;
using DiffusionBot.Diffusion.Safety;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Models;

/// <summary>One model folder with every ONNX session created, shared by all requests on it. Its family, defaults
/// and size rule come from the folder itself, so a catalogue can hold several of these side by side.</summary>
public sealed class LoadedModel : IDisposable
{
    private readonly List<OnnxModel> _sessions = [];
    private OnnxModel _textEncoderSession = null!;
    private OnnxModel? _textEncoder2Session;
    private PromptChunker _chunker = null!;
    private PromptChunker? _chunker2;

    private LoadedModel(ModelFolder folder, ModelDefaults defaults)
    {
        Folder = folder;
        Defaults = defaults;
    }

    public ModelFolder Folder { get; }

    public ModelFamily Family => Folder.Family;

    /// <summary>What a request gets for each setting it leaves out.</summary>
    public ModelDefaults Defaults { get; }

    /// <summary>e.g. "SDXL, Epsilon" or "SD 2.x turbo, Epsilon".</summary>
    public string Description => Folder.Describe(SchedulerConfig.PredictionType);

    internal ClipTokenizer Tokenizer { get; private set; } = null!;

    internal SchedulerConfig SchedulerConfig { get; private set; } = null!;

    /// <summary>SD 1.x/2.x's text encoder (last hidden state); null for SDXL, whose encoders sit in <see cref="Conditioner"/>.</summary>
    internal TextEncoderModel? TextEncoder { get; private set; }

    /// <summary>Prompt text → UNet conditioning, for this family.</summary>
    internal ITextConditioner Conditioner { get; private set; } = null!;

    internal UnetModel Unet { get; private set; } = null!;

    internal VaeDecoderModel VaeDecoder { get; private set; } = null!;

    internal VaeEncoderModel? VaeEncoder { get; private set; }

    internal SafetyCheckerModel? SafetyChecker { get; private set; }

    /// <summary>Textual-inversion embeddings appended to the text encoders' token tables (empty when none).</summary>
    internal TextualInversionSet Embeddings { get; private set; } = TextualInversionSet.Empty;

    /// <summary>Sessions with LoRAs merged in, built on demand next to the base sessions.</summary>
    internal LoraSessionCache Loras { get; private set; } = null!;

    /// <summary>Generator:LoraPath, where LoRAs are looked up by name.</summary>
    internal string? LoraFolder { get; private init; }

    /// <summary>The text conditioner to use with <paramref name="loras"/>: the base one, or one over the LoRA-merged
    /// text encoder session(s) (the chunkers, and so the embeddings' trigger words, are the same).</summary>
    internal ITextConditioner ConditionerWith(LoraSessionSet? loras)
    {
        if (loras is null || !(loras.Models.ContainsKey(LoraComponent.TextEncoder) || loras.Models.ContainsKey(LoraComponent.TextEncoder2)))
            return Conditioner;
        OnnxModel Pick(LoraComponent component, OnnxModel fallback) => loras.Models.GetValueOrDefault(component) ?? fallback;
        return _textEncoder2Session is { } second
            ? new SdxlTextConditioner(_chunker, new ClipHiddenStatesEncoder(Pick(LoraComponent.TextEncoder, _textEncoderSession)),
                _chunker2!, new ClipHiddenStatesEncoder(Pick(LoraComponent.TextEncoder2, second)))
            : new ClipTextConditioner(_chunker, new TextEncoderModel(Pick(LoraComponent.TextEncoder, _textEncoderSession)));
    }

    /// <summary>Opens <paramref name="folder"/>, reads its family and loads every session with the Generator options
    /// (the family's own defaults, no catalogue entry).</summary>
    public static LoadedModel Load(string folder, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var opened = ModelFolder.Open(folder);
        return Load(opened, opened.Defaults(), new OnnxSessionFactory(options), options);
    }

    internal static LoadedModel Load(ModelFolder folder, ModelDefaults defaults, OnnxSessionFactory factory, GeneratorOptions options)
    {
        var loaded = new LoadedModel(folder, defaults) { LoraFolder = options.LoraPath };
        try
        {
            loaded.Tokenizer = LoadTokenizer(folder.TokenizerFolder);
            loaded.SchedulerConfig = LoadSchedulerConfig(folder);
            loaded.Unet = new UnetModel(loaded.Track(factory.Load(folder.Unet)));
            CheckUnetMatchesFamily(folder, loaded.Unet);
            List<LoraComponentModel> loraComponents = [new(LoraComponent.Unet, folder.Unet)];
            if (folder.Family == ModelFamily.StableDiffusionXL)
            {
                var tokenizer2 = LoadTokenizer(folder.Tokenizer2Folder);
                loaded.Embeddings = TextualInversionSet.Load(options.EmbeddingPath,
                    [new(folder.TextEncoder, loaded.Tokenizer.EosTokenId), new(folder.TextEncoder2, tokenizer2.EosTokenId)]);
                loaded._chunker = new PromptChunker(loaded.Tokenizer, loaded.Embeddings);
                loaded._chunker2 = new PromptChunker(tokenizer2, loaded.Embeddings);
                loaded._textEncoderSession = loaded.Track(LoadWithEmbeddings(factory, folder.TextEncoder, loaded.Embeddings.OverridesFor(0)));
                loaded._textEncoder2Session = loaded.Track(LoadWithEmbeddings(factory, folder.TextEncoder2, loaded.Embeddings.OverridesFor(1)));
                loaded.Conditioner = new SdxlTextConditioner(loaded._chunker, new ClipHiddenStatesEncoder(loaded._textEncoderSession),
                    loaded._chunker2, new ClipHiddenStatesEncoder(loaded._textEncoder2Session));
                loraComponents.Add(new(LoraComponent.TextEncoder, folder.TextEncoder, loaded.Embeddings.OverridesFor(0)));
                loraComponents.Add(new(LoraComponent.TextEncoder2, folder.TextEncoder2, loaded.Embeddings.OverridesFor(1)));
            }
            else
            {
                loaded.Embeddings = TextualInversionSet.Load(options.EmbeddingPath, [new(folder.TextEncoder, loaded.Tokenizer.EosTokenId)]);
                loaded._chunker = new PromptChunker(loaded.Tokenizer, loaded.Embeddings);
                loaded._textEncoderSession = loaded.Track(LoadWithEmbeddings(factory, folder.TextEncoder, loaded.Embeddings.OverridesFor(0)));
                loaded.TextEncoder = new TextEncoderModel(loaded._textEncoderSession);
                loaded.Conditioner = new ClipTextConditioner(loaded._chunker, loaded.TextEncoder);
                loraComponents.Add(new(LoraComponent.TextEncoder, folder.TextEncoder, loaded.Embeddings.OverridesFor(0)));
            }

            loaded.Loras = new LoraSessionCache(loraComponents, factory, options.MaxLoraSessions);

            loaded.VaeDecoder = new VaeDecoderModel(loaded.Track(factory.Load(folder.VaeDecoder)), folder.VaeScalingFactor);
            if (folder.HasVaeEncoder)
                loaded.VaeEncoder = new VaeEncoderModel(loaded.Track(factory.Load(folder.VaeEncoder)), folder.VaeScalingFactor, loaded.Unet.LatentChannels);
            if (options.EnableSafetyChecker && folder.HasSafetyChecker)
                loaded.SafetyChecker = new SafetyCheckerModel(loaded.Track(factory.Load(folder.SafetyChecker)));
            return loaded;
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>A text encoder session with the embeddings' extended token table (shared, not owned: the
    /// <see cref="TextualInversionSet"/> outlives the session).</summary>
    private static OnnxModel LoadWithEmbeddings(OnnxSessionFactory factory, string textEncoderFile, InitializerOverrides? embeddingTable)
    {
        InitializerOverrides? overrides = new();
        try
        {
            overrides.Include(embeddingTable);
            var model = factory.Load(textEncoderFile, overrides);
            overrides = null;
            return model;
        }
        finally
        {
            overrides?.Dispose();
        }
    }

    private static void CheckUnetMatchesFamily(ModelFolder folder, UnetModel unet)
    {
        var isXl = folder.Family == ModelFamily.StableDiffusionXL;
        if (isXl && !unet.HasAddedConditioning)
            throw new DiffusionModelException($"'{folder.Unet}' has no 'text_embeds' / 'time_ids' inputs, but '{folder.ModelIndex}' describes an SDXL model. The UNet belongs to another model: re-export the folder.");
        if (!isXl && unet.HasAddedConditioning)
            throw new DiffusionModelException($"'{folder.Unet}' takes SDXL's 'text_embeds' / 'time_ids', but '{folder.ModelIndex}' ({folder.PipelineClassName}) describes an SD 1.x/2.x model. Re-export the folder as one model.");
    }

    private static ClipTokenizer LoadTokenizer(string tokenizerFolder)
    {
        try
        {
            return ClipTokenizer.FromDiffusersFolder(tokenizerFolder);
        }
        catch (TokenizerLoadException ex)
        {
            var name = Path.GetFileName(tokenizerFolder);
            throw new DiffusionModelException($"{ex.Message} Restore {name}/vocab.json and {name}/merges.txt from the original export.", ex);
        }
    }

    private static SchedulerConfig LoadSchedulerConfig(ModelFolder folder)
    {
        if (!File.Exists(folder.SchedulerConfig))
            return SchedulerConfig.StableDiffusionDefault;
        try
        {
            return SchedulerConfig.Load(folder.SchedulerConfig);
        }
        catch (Exception ex) when (ex is SchedulerConfigException or IOException or System.Text.Json.JsonException)
        {
            throw new DiffusionModelException($"'{folder.SchedulerConfig}' could not be read ({ex.Message}). Restore it from the original export or delete it to use the Stable Diffusion defaults.", ex);
        }
    }

    private OnnxModel Track(OnnxModel model)
    {
        _sessions.Add(model);
        return model;
    }

    public void Dispose()
    {
        Loras?.Dispose();
        foreach (var session in _sessions)
            session.Dispose();
        _sessions.Clear();
        Embeddings.Dispose();
    }
}
