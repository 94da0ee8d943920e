using System.Text.Json;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// A diffusers/optimum ONNX model folder: its files, checked for presence before anything is loaded, and its family
/// read from the configs: <c>model_index.json</c> <c>_class_name</c> and components (<c>text_encoder_2</c>),
/// <c>unet/config.json</c> (<c>addition_embed_type</c>, <c>sample_size</c>, <c>in_channels</c>, levels),
/// <c>scheduler/scheduler_config.json</c> (class, <c>timestep_spacing</c>) and the VAE's <c>scaling_factor</c>.
/// Every problem is one <see cref="DiffusionModelException"/> naming the folder, the file and the fix.
/// </summary>
public sealed class ModelFolder
{
    public const float DefaultVaeScalingFactor = 0.18215f;

    private const string ExportHint = "Export the model with `optimum-cli export onnx --model <hub id> --task text-to-image <folder>` into an empty folder, or re-download the complete export.";

    private static readonly HashSet<string> StableDiffusionPipelines = new(StringComparer.Ordinal)
    {
        "StableDiffusionPipeline", "OnnxStableDiffusionPipeline", "ORTStableDiffusionPipeline",
        "StableDiffusionImg2ImgPipeline", "OnnxStableDiffusionImg2ImgPipeline", "ORTStableDiffusionImg2ImgPipeline",
    };

    private static readonly HashSet<string> XlPipelines = new(StringComparer.Ordinal)
    {
        "StableDiffusionXLPipeline", "ORTStableDiffusionXLPipeline", "OnnxStableDiffusionXLPipeline",
        "StableDiffusionXLImg2ImgPipeline", "ORTStableDiffusionXLImg2ImgPipeline",
    };

    private static readonly HashSet<string> LcmPipelines = new(StringComparer.Ordinal)
    {
        "LatentConsistencyModelPipeline", "ORTLatentConsistencyModelPipeline", "LatentConsistencyModelImg2ImgPipeline",
    };

    private ModelFolder(string root)
    {
        Root = Path.GetFullPath(root);
        Name = Path.GetFileName(Root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
    }

    public string Root { get; }

    public string Name { get; private set; }

    public string ModelIndex => Path.Combine(Root, "model_index.json");

    public string TokenizerFolder => Path.Combine(Root, "tokenizer");

    public string Tokenizer2Folder => Path.Combine(Root, "tokenizer_2");

    public string TextEncoder => Path.Combine(Root, "text_encoder", "model.onnx");

    public string TextEncoder2 => Path.Combine(Root, "text_encoder_2", "model.onnx");

    public string Unet => Path.Combine(Root, "unet", "model.onnx");

    public string UnetConfig => Path.Combine(Root, "unet", "config.json");

    public string VaeDecoder => Path.Combine(Root, "vae_decoder", "model.onnx");

    public string VaeEncoder => Path.Combine(Root, "vae_encoder", "model.onnx");

    public string SafetyChecker => Path.Combine(Root, "safety_checker", "model.onnx");

    public string SchedulerConfig => Path.Combine(Root, "scheduler", "scheduler_config.json");

    public bool HasVaeEncoder => File.Exists(VaeEncoder);

    public bool HasSafetyChecker => File.Exists(SafetyChecker);

    /// <summary><c>_class_name</c> of model_index.json (e.g. StableDiffusionXLPipeline).</summary>
    public string PipelineClassName { get; private set; } = string.Empty;

    public ModelFamily Family { get; private set; }

    public ModelDistillation Distillation { get; private set; }

    /// <summary>The UNet's <c>sample_size</c> (latent pixels); null when unet/config.json does not say.</summary>
    public int? SampleSize { get; private set; }

    /// <summary>Width and height must be multiples of this: 8 (the VAE) × 2 per UNet downsampling level, since an
    /// ONNX trace cannot resize odd feature maps back to their skip connections.</summary>
    public int SizeMultiple { get; private set; } = 8;

    /// <summary>SDXL's <c>force_zeros_for_empty_prompt</c>: an empty negative prompt conditions on zeros.</summary>
    public bool ForceZerosForEmptyPrompt { get; private set; }

    /// <summary>The VAE latent scaling factor from vae_decoder/config.json (or vae_encoder/), default 0.18215.</summary>
    public float VaeScalingFactor { get; private set; } = DefaultVaeScalingFactor;

    /// <summary>An LCM UNet with <c>time_cond_proj_dim</c>: guidance goes in as an embedding, not as a CFG batch.</summary>
    public bool HasGuidanceEmbedding { get; private set; }

    /// <summary>The scheduler class the export ships with (e.g. EulerDiscreteScheduler); null when absent.</summary>
    public string? SchedulerClassName { get; private set; }

    /// <summary>A short human-readable description, e.g. "SDXL (turbo, epsilon)".</summary>
    public string Describe(PredictionType prediction) =>
        $"{FamilyName(Family)}{(Distillation == ModelDistillation.None ? string.Empty : Distillation == ModelDistillation.Turbo ? " turbo" : " LCM")}, {prediction}";

    /// <summary>Checks the folder, reads its family and required files; throws <see cref="DiffusionModelException"/> naming what is wrong.</summary>
    public static ModelFolder Open(string root)
    {
        if (!Directory.Exists(root))
            throw new DiffusionModelException($"Model folder '{Path.GetFullPath(root)}' does not exist. Point the catalogue entry's Path (Models:Entries:<name>:Path) at a diffusers/optimum ONNX model folder, or pull one with `models pull`.");

        var folder = new ModelFolder(root);
        if (!File.Exists(folder.ModelIndex))
            throw new DiffusionModelException($"Model folder '{folder.Root}' has no model_index.json, so it is not a diffusers/optimum ONNX export (or the export stopped early). {ExportHint}");

        var hasTextEncoder2 = folder.ReadModelIndex();
        var unet = UnetHints.Read(folder.UnetConfig);
        folder.ReadSchedulerHints(out var spacing, out var rescaleZeroSnr);
        folder.DetectFamily(hasTextEncoder2, unet, spacing, rescaleZeroSnr);
        folder.CheckRequiredFiles();

        folder.VaeScalingFactor = ReadScalingFactor(Path.Combine(folder.Root, "vae_decoder", "config.json"))
            ?? ReadScalingFactor(Path.Combine(folder.Root, "vae_encoder", "config.json"))
            ?? DefaultVaeScalingFactor;
        return folder;
    }

    /// <summary>Whether scheduler_config.json says the model predicts velocity (SD 2.x 768-v).</summary>
    public bool IsVPrediction { get; private set; }

    /// <summary>The family for people: <c>SD 1.x</c>, <c>SD 2.x (v-prediction)</c>, <c>SDXL</c>, <c>SD-Turbo</c>, <c>SDXL-Turbo</c>, <c>SD 1.x LCM</c>…</summary>
    public string FamilyLabel
    {
        get
        {
            var family = FamilyName(Family);
            return Distillation switch
            {
                ModelDistillation.Turbo => Family == ModelFamily.StableDiffusionXL ? "SDXL-Turbo" : "SD-Turbo",
                ModelDistillation.LatentConsistency => family + " LCM",
                _ => IsVPrediction ? family + " (v-prediction)" : family,
            };
        }
    }

    /// <summary>The native size (unet sample_size × 8, rounded to <see cref="SizeMultiple"/>); 512 when the folder does not say.</summary>
    public int NativeSize => Math.Max(SizeMultiple, (SampleSize is { } s ? s * 8 : FallbackNativeSize) / SizeMultiple * SizeMultiple);

    /// <summary>Used when unet/config.json gives no sample_size (the demo model).</summary>
    public const int FallbackNativeSize = 512;

    /// <summary>The settings a request takes when it names none, before a catalogue entry narrows them: the native
    /// size, and for distilled models their own step count, guidance and scheduler (see <see cref="ModelDefaults"/>).</summary>
    public ModelDefaults Defaults()
    {
        var own = SchedulerNames.TryParse(SchedulerClassName, out var kind) ? SchedulerNames.ToName(kind) : null;
        return Distillation switch
        {
            ModelDistillation.Turbo => new ModelDefaults(NativeSize, NativeSize, 1, 0, own ?? "euler"),
            ModelDistillation.LatentConsistency => new ModelDefaults(NativeSize, NativeSize, 4, HasGuidanceEmbedding ? 8.5 : 1, "lcm"),
            _ => new ModelDefaults(NativeSize, NativeSize, ModelDefaults.BaseSteps, ModelDefaults.BaseGuidance, ModelDefaults.BaseScheduler),
        };
    }

    private bool ReadModelIndex()
    {
        using var doc = ParseObject(ModelIndex);
        var index = doc.RootElement;
        if (index.TryGetProperty("_name_or_path", out var name) && name.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString()))
            Name = Path.GetFileName(name.GetString()!.TrimEnd('/'));
        if (!index.TryGetProperty("_class_name", out var className) || className.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(className.GetString()))
            throw new DiffusionModelException($"'{ModelIndex}' names no pipeline (_class_name), so the model family is unknown. Restore model_index.json from the original export.");
        PipelineClassName = className.GetString()!;
        ForceZerosForEmptyPrompt = index.TryGetProperty("force_zeros_for_empty_prompt", out var zeros) && zeros.ValueKind == JsonValueKind.True;
        return IsComponent(index, "text_encoder_2");
    }

    private static bool IsComponent(JsonElement index, string name) =>
        index.TryGetProperty(name, out var component) && component.ValueKind == JsonValueKind.Array
        && component.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String);

    private void ReadSchedulerHints(out string? spacing, out bool rescaleZeroSnr)
    {
        spacing = null;
        rescaleZeroSnr = false;
        if (!File.Exists(SchedulerConfig))
            return;
        using var doc = ParseObject(SchedulerConfig);
        var config = doc.RootElement;
        SchedulerClassName = StringOf(config, "_class_name");
        spacing = StringOf(config, "timestep_spacing");
        rescaleZeroSnr = config.TryGetProperty("rescale_betas_zero_snr", out var r) && r.ValueKind == JsonValueKind.True;
        IsVPrediction = StringOf(config, "prediction_type") == "v_prediction";
    }

    private void DetectFamily(bool hasTextEncoder2, UnetHints unet, string? spacing, bool rescaleZeroSnr)
    {
        var lcmPipeline = LcmPipelines.Contains(PipelineClassName);
        var xlPipeline = XlPipelines.Contains(PipelineClassName);
        if (!lcmPipeline && !xlPipeline && !StableDiffusionPipelines.Contains(PipelineClassName))
        {
            throw new DiffusionModelException(
                $"'{ModelIndex}' names the pipeline {PipelineClassName}, which this engine does not run. It runs Stable Diffusion 1.x/2.x, " +
                $"SDXL and their distilled variants (SD-Turbo, SDXL-Turbo, LCM). Point the model path at one of those. {ExportHint}");
        }

        if (unet.InChannels is { } inChannels && inChannels != 4)
            throw new DiffusionModelException($"'{UnetConfig}' has in_channels {inChannels}: an inpainting or upscaling UNet, which this engine does not run. Use the text-to-image export of the model (in_channels 4).");
        if (unet.RequiresAestheticsScore)
            throw new DiffusionModelException($"'{UnetConfig}' is an SDXL refiner UNet (requires_aesthetics_score), which this engine does not run on its own. Use the SDXL base model folder.");

        var textTime = unet.AdditionEmbedType == "text_time";
        var isXl = xlPipeline || hasTextEncoder2 || textTime;
        if (isXl && unet.AdditionEmbedType is { } other && !textTime)
            throw new DiffusionModelException($"'{UnetConfig}' has addition_embed_type '{other}', but '{ModelIndex}' describes an SDXL pipeline (which needs 'text_time'). The folder mixes two models: re-export it. {ExportHint}");
        if (isXl && !File.Exists(TextEncoder2))
            throw new DiffusionModelException($"Model folder '{Root}' is an SDXL export ({PipelineClassName}) but '{TextEncoder2}' is missing: the export is incomplete. {ExportHint}");

        Family = isXl ? ModelFamily.StableDiffusionXL
            : unet.UseLinearProjection || unet.CrossAttentionDim == 1024 ? ModelFamily.StableDiffusion2
            : ModelFamily.StableDiffusion1;
        Distillation = lcmPipeline || unet.TimeCondProjDim is not null || SchedulerClassName == "LCMScheduler" ? ModelDistillation.LatentConsistency
            : spacing == "trailing" && !rescaleZeroSnr ? ModelDistillation.Turbo
            : ModelDistillation.None;
        HasGuidanceEmbedding = unet.TimeCondProjDim is not null;
        SampleSize = unet.SampleSize;
        if (unet.Levels is { } levels and > 0)
            SizeMultiple = 8 << (levels - 1);
    }

    private void CheckRequiredFiles()
    {
        var required = new List<string>
        {
            Path.Combine(TokenizerFolder, "vocab.json"),
            Path.Combine(TokenizerFolder, "merges.txt"),
            TextEncoder,
            Unet,
            VaeDecoder,
        };
        if (Family == ModelFamily.StableDiffusionXL)
        {
            required.Add(Path.Combine(Tokenizer2Folder, "vocab.json"));
            required.Add(Path.Combine(Tokenizer2Folder, "merges.txt"));
            required.Add(TextEncoder2);
        }

        var missing = required.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new DiffusionModelException($"Model folder '{Root}' is incomplete: missing {string.Join(", ", missing.Select(m => Path.GetRelativePath(Root, m)))}. {ExportHint}");
    }

    private static float? ReadScalingFactor(string configFile)
    {
        if (!File.Exists(configFile))
            return null;
        using var doc = ParseObject(configFile);
        return doc.RootElement.TryGetProperty("scaling_factor", out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetSingle()
            : null;
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FamilyName(ModelFamily family) => family switch
    {
        ModelFamily.StableDiffusion1 => "SD 1.x",
        ModelFamily.StableDiffusion2 => "SD 2.x",
        _ => "SDXL",
    };

    /// <summary>Parses a config file that must hold a JSON object; anything else names the file and the fix.</summary>
    internal static JsonDocument ParseObject(string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new DiffusionModelException($"'{file}' is not valid JSON ({ex.Message}). Restore it from the original export.", ex);
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw new DiffusionModelException($"'{file}' is not a JSON object. Restore it from the original export.");
        }

        return doc;
    }

    /// <summary>What unet/config.json says about the architecture (all optional: the demo model has no config).</summary>
    private sealed record UnetHints(int? InChannels, int? SampleSize, int? Levels, string? AdditionEmbedType, bool UseLinearProjection,
        int? CrossAttentionDim, int? TimeCondProjDim, bool RequiresAestheticsScore)
    {
        public static UnetHints Read(string file)
        {
            if (!File.Exists(file))
                return new UnetHints(null, null, null, null, false, null, null, false);
            using var doc = ParseObject(file);
            var c = doc.RootElement;
            return new UnetHints(IntOf(c, "in_channels"), IntOf(c, "sample_size"),
                c.TryGetProperty("down_block_types", out var blocks) && blocks.ValueKind == JsonValueKind.Array ? blocks.GetArrayLength() : null,
                StringOf(c, "addition_embed_type"),
                c.TryGetProperty("use_linear_projection", out var linear) && linear.ValueKind == JsonValueKind.True,
                IntOf(c, "cross_attention_dim"), IntOf(c, "time_cond_proj_dim"),
                c.TryGetProperty("requires_aesthetics_score", out var aesthetics) && aesthetics.ValueKind == JsonValueKind.True);
        }

        private static int? IntOf(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : null;
    }
}
