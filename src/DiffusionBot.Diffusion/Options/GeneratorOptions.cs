using System.ComponentModel.DataAnnotations;
using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Options;

/// <summary>The "Generator" configuration section: how the engine runs (device, threads, caches, noise, extras).
/// Which models exist, their defaults and limits are the catalogue's (<see cref="ModelsOptions"/>); what members may
/// ask is the bot's Limits section.</summary>
public sealed class GeneratorOptions
{
    public const string SectionName = "Generator";

    /// <summary>Settings that moved to the catalogue (a forgotten ModelPath would otherwise serve the demo model).</summary>
    public static readonly IReadOnlyList<(string Key, string Instead)> RetiredKeys =
    [
        ("ModelPath", "add the folder to the catalogue: Models:Entries:<name>:Path"),
        ("MaxSteps", "Models:Entries:<name>:MaxSteps"),
        ("MaxWidth", "Models:Entries:<name>:Sizes"),
        ("MaxHeight", "Models:Entries:<name>:Sizes"),
        ("DefaultWidth", "Models:Entries:<name>:Size"),
        ("DefaultHeight", "Models:Entries:<name>:Size"),
        ("DefaultSteps", "Models:Entries:<name>:Steps"),
        ("DefaultGuidance", "Models:Entries:<name>:Guidance"),
        ("MaxGuidance", "Models:Entries:<name>:MaxGuidance"),
        ("DefaultScheduler", "Models:Entries:<name>:Scheduler"),
        ("DefaultVariationStrength", "Limits:VariationStrength"),
    ];

    /// <summary>Where the host writes the demo model when the catalogue (Models:Entries) is empty (default: data/demo-model under the content root).</summary>
    public string? DemoModelPath { get; set; }

    /// <summary>An ONNX super-resolution model (file or folder). Empty: the model folder's upscaler/ if present, else a SkiaSharp resample.</summary>
    public string? UpscalerPath { get; set; }

    /// <summary>Folder of LoRA files (&lt;name&gt;.safetensors, kohya or diffusers/PEFT keys). Empty: no LoRAs.</summary>
    public string? LoraPath { get; set; }

    /// <summary>Sessions with LoRAs merged in that are kept (least recently used goes first); each is a full copy
    /// of the text encoder and/or UNet in memory.</summary>
    [Range(1, 32)]
    public int MaxLoraSessions { get; set; } = 2;

    /// <summary>Folder of textual-inversion embeddings (&lt;trigger&gt;.safetensors); the file name is the trigger word. Empty: none.</summary>
    public string? EmbeddingPath { get; set; }

    /// <summary>Models kept loaded at once (each holds all its sessions); loading another unloads the least recently
    /// used one that no running job uses.</summary>
    [Range(1, 16)]
    public int MaxLoadedModels { get; set; } = 2;

    public ExecutionProviderKind ExecutionProvider { get; set; } = ExecutionProviderKind.Cpu;

    [Range(0, 64)]
    public int DeviceId { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>How new images draw their noise from the seed: <c>Cpu</c> (PyTorch's CPU generator, as ComfyUI, diffusers
    /// and AUTOMATIC1111's "CPU" setting), <c>Nv</c> (AUTOMATIC1111's "NV", PyTorch's CUDA generator) or <c>Xoshiro</c>
    /// (the bot's original generator). Stored jobs keep the source they were made with.</summary>
    public NoiseSourceKind NoiseSource { get; set; } = NoiseSourceKind.Cpu;

    /// <summary>DDIM's eta (diffusers' pipeline argument): 0 is deterministic DDIM; up to 1 each step adds that share of
    /// DDPM's posterior noise, drawn from the image's seeded noise. Other schedulers ignore it.</summary>
    [Range(0.0, 1.0)]
    public double DdimEta { get; set; }

    /// <summary>Runs the model folder's safety_checker when present.</summary>
    public bool EnableSafetyChecker { get; set; } = true;

    /// <summary>Tile edge (input pixels) for ONNX upscaling when the model accepts any size.</summary>
    [Range(16, 2048)]
    public int UpscaleTileSize { get; set; } = 256;

    /// <summary>Overlap (input pixels) on each side of an upscaler tile, cut away after the run.</summary>
    [Range(0, 256)]
    public int UpscaleTileOverlap { get; set; } = 16;

    /// <summary>Largest input image (width × height) that variations and upscales accept; checked from the file's
    /// header before any pixel is decoded.</summary>
    [Range(64, 268_435_456)]
    public long MaxInputImagePixels { get; set; } = 16_777_216;

    /// <summary>Largest image edge accepted by upscale requests (input pixels).</summary>
    [Range(8, 8192)]
    public int MaxUpscaleInputEdge { get; set; } = 2048;
}
