using System.Text.Json;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Models;

/// <summary>The files of a diffusers/optimum ONNX model folder, checked for presence before anything is loaded.</summary>
public sealed class ModelFolder
{
    public const float DefaultVaeScalingFactor = 0.18215f;

    private ModelFolder(string root)
    {
        Root = Path.GetFullPath(root);
        Name = Path.GetFileName(Root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
    }

    public string Root { get; }

    public string Name { get; private set; }

    public string ModelIndex => Path.Combine(Root, "model_index.json");

    public string TokenizerFolder => Path.Combine(Root, "tokenizer");

    public string TextEncoder => Path.Combine(Root, "text_encoder", "model.onnx");

    public string Unet => Path.Combine(Root, "unet", "model.onnx");

    public string VaeDecoder => Path.Combine(Root, "vae_decoder", "model.onnx");

    public string VaeEncoder => Path.Combine(Root, "vae_encoder", "model.onnx");

    public string SafetyChecker => Path.Combine(Root, "safety_checker", "model.onnx");

    public string SchedulerConfig => Path.Combine(Root, "scheduler", "scheduler_config.json");

    public bool HasVaeEncoder => File.Exists(VaeEncoder);

    public bool HasSafetyChecker => File.Exists(SafetyChecker);

    /// <summary>The VAE latent scaling factor from vae_decoder/config.json (or vae_encoder/), default 0.18215.</summary>
    public float VaeScalingFactor { get; private set; } = DefaultVaeScalingFactor;

    /// <summary>Checks the folder and its required files; throws <see cref="DiffusionModelException"/> naming what is missing.</summary>
    public static ModelFolder Open(string root)
    {
        if (!Directory.Exists(root))
            throw new DiffusionModelException($"Model folder '{Path.GetFullPath(root)}' does not exist. Set Generator:ModelPath to a diffusers/optimum ONNX model folder, or leave it empty to use the built-in demo model.");

        var folder = new ModelFolder(root);
        string[] required =
        [
            folder.ModelIndex,
            Path.Combine(folder.TokenizerFolder, "vocab.json"),
            Path.Combine(folder.TokenizerFolder, "merges.txt"),
            folder.TextEncoder,
            folder.Unet,
            folder.VaeDecoder,
        ];
        var missing = required.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new DiffusionModelException($"Model folder '{folder.Root}' is incomplete: missing {string.Join(", ", missing.Select(m => Path.GetRelativePath(folder.Root, m)))}. Export the model with optimum (diffusers ONNX layout) or re-download it.");

        folder.ReadModelIndex();
        folder.VaeScalingFactor = ReadScalingFactor(Path.Combine(folder.Root, "vae_decoder", "config.json"))
            ?? ReadScalingFactor(Path.Combine(folder.Root, "vae_encoder", "config.json"))
            ?? DefaultVaeScalingFactor;
        return folder;
    }

    private void ReadModelIndex()
    {
        using var doc = ParseObject(ModelIndex);
        if (doc.RootElement.TryGetProperty("_name_or_path", out var name) && name.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString()))
            Name = Path.GetFileName(name.GetString()!.TrimEnd('/'));
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

    /// <summary>Parses a config file that must hold a JSON object; anything else names the file and the fix.</summary>
    private static JsonDocument ParseObject(string file)
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
}
