using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Safety;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Models;

/// <summary>Every session of one model folder, created once and shared by all requests.</summary>
internal sealed class LoadedModel : IDisposable
{
    private readonly List<OnnxModel> _sessions = [];

    private LoadedModel(ModelFolder folder) => Folder = folder;

    public ModelFolder Folder { get; }

    public ClipTokenizer Tokenizer { get; private set; } = null!;

    public SchedulerConfig SchedulerConfig { get; private set; } = null!;

    public TextEncoderModel TextEncoder { get; private set; } = null!;

    public UnetModel Unet { get; private set; } = null!;

    public VaeDecoderModel VaeDecoder { get; private set; } = null!;

    public VaeEncoderModel? VaeEncoder { get; private set; }

    public SafetyCheckerModel? SafetyChecker { get; private set; }

    /// <summary>Textual-inversion embeddings appended to the text encoder's token table (empty when none).</summary>
    public TextualInversionSet Embeddings { get; private set; } = TextualInversionSet.Empty;

    /// <summary>Sessions with LoRAs merged in, built on demand next to the base sessions.</summary>
    public LoraSessionCache Loras { get; private set; } = null!;

    /// <summary>Generator:LoraPath, where LoRAs are looked up by name.</summary>
    public string? LoraFolder { get; private init; }

    public static LoadedModel Load(ModelFolder folder, OnnxSessionFactory factory, bool enableSafetyChecker, string? embeddingPath = null, int maxLoraSessions = 2, string? loraFolder = null)
    {
        var loaded = new LoadedModel(folder) { LoraFolder = loraFolder };
        try
        {
            loaded.Tokenizer = LoadTokenizer(folder);
            loaded.SchedulerConfig = LoadSchedulerConfig(folder);
            loaded.Embeddings = TextualInversionSet.Load(embeddingPath, folder.TextEncoder);
            var textEncoderOverrides = new InitializerOverrides();
            textEncoderOverrides.Include(loaded.Embeddings.Overrides);
            loaded.TextEncoder = new TextEncoderModel(loaded.Track(factory.Load(folder.TextEncoder, textEncoderOverrides)));
            loaded.Unet = new UnetModel(loaded.Track(factory.Load(folder.Unet)));
            loaded.Loras = new LoraSessionCache(
                [new LoraComponentModel(LoraComponent.TextEncoder, folder.TextEncoder, loaded.Embeddings.Overrides), new LoraComponentModel(LoraComponent.Unet, folder.Unet)],
                factory, maxLoraSessions);
            loaded.VaeDecoder = new VaeDecoderModel(loaded.Track(factory.Load(folder.VaeDecoder)), folder.VaeScalingFactor);
            if (folder.HasVaeEncoder)
                loaded.VaeEncoder = new VaeEncoderModel(loaded.Track(factory.Load(folder.VaeEncoder)), folder.VaeScalingFactor);
            if (enableSafetyChecker && folder.HasSafetyChecker)
                loaded.SafetyChecker = new SafetyCheckerModel(loaded.Track(factory.Load(folder.SafetyChecker)));
            return loaded;
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>The prompt's token ids, with embedding trigger words as their embedding's ids.</summary>
    public TokenizedPrompt EncodePrompt(string text) =>
        Embeddings.Triggers.Count == 0 ? Tokenizer.Encode(text) : new EmbeddingPromptTokenizer(Tokenizer, Embeddings).Encode(text);

    private static ClipTokenizer LoadTokenizer(ModelFolder folder)
    {
        try
        {
            return ClipTokenizer.FromDiffusersFolder(folder.TokenizerFolder);
        }
        catch (TokenizerLoadException ex)
        {
            throw new DiffusionModelException($"{ex.Message} Restore tokenizer/vocab.json and tokenizer/merges.txt from the original export.", ex);
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
