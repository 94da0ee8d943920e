using System.Text.Json;

namespace DiffusionBot.Models.Hub;

/// <summary>
/// What makes a repository (folder) an ONNX export in the diffusers/Optimum layout, and which of its files to download:
/// <c>model_index.json</c> plus, in the pipeline's component folders, each <c>model.onnx</c>, its external data
/// (<c>model.onnx_data</c>, <c>weights.pb</c>) and the small configuration and tokenizer files. PyTorch/safetensors
/// weights and other ONNX variants next to them are left on the Hub.
/// </summary>
public static class OnnxDiffusersLayout
{
    public const string ModelIndex = "model_index.json";

    public const string ExportHint = "Export it with Optimum first (see \"Getting models\" in the README: optimum-cli export onnx --model <repo> <folder>) and point Generator:ModelPath or the catalogue at that folder.";

    private static readonly string[] ComponentFolders =
        ["text_encoder", "text_encoder_2", "tokenizer", "tokenizer_2", "unet", "vae_decoder", "vae_encoder", "scheduler", "safety_checker", "feature_extractor"];

    private static readonly string[] ModelFiles = ["model.onnx", "model.onnx_data", "model.onnx.data", "weights.pb"];

    private static readonly string[] SmallFileExtensions = [".json", ".txt", ".model"];

    private static readonly string[] OtherWeightExtensions = [".safetensors", ".bin", ".ckpt", ".pt", ".pth", ".msgpack", ".h5", ".gguf"];

    private static readonly string[] Required =
        [ModelIndex, "unet/model.onnx", "text_encoder/model.onnx", "vae_decoder/model.onnx", "tokenizer/vocab.json", "tokenizer/merges.txt"];

    private static readonly string[] RequiredForXl = ["text_encoder_2/model.onnx", "tokenizer_2/vocab.json", "tokenizer_2/merges.txt"];

    /// <summary>The files to download, as paths relative to the model folder. Throws <see cref="HubRequestException"/> when
    /// the listing (<paramref name="relativePaths"/>, relative to the model folder) is not the layout.</summary>
    public static IReadOnlyList<string> SelectFiles(HubModelReference model, IReadOnlyCollection<string> relativePaths)
    {
        var present = new HashSet<string>(relativePaths, StringComparer.Ordinal);
        var missing = Required.Where(r => !present.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new HubRequestException(Refusal(model, relativePaths, missing));
        return relativePaths.Where(IsWanted).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>After <c>model_index.json</c> is read: an SDXL pipeline also needs its second text encoder and tokenizer.</summary>
    public static void CheckPipeline(HubModelReference model, string modelIndexJson, IReadOnlyCollection<string> relativePaths)
    {
        if (!IsXl(modelIndexJson))
            return;
        var present = new HashSet<string>(relativePaths, StringComparer.Ordinal);
        var missing = RequiredForXl.Where(r => !present.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new HubRequestException($"{model} is an SDXL pipeline (model_index.json names text_encoder_2) but lacks {string.Join(", ", missing)}. {ExportHint}");
    }

    public static bool IsXl(string modelIndexJson)
    {
        try
        {
            using var document = JsonDocument.Parse(modelIndexJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("text_encoder_2", out var component)
                && component.ValueKind == JsonValueKind.Array
                && component.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String);
        }
        catch (JsonException ex)
        {
            throw new HubRequestException($"model_index.json of the Hub model is not valid JSON ({ex.Message}).");
        }
    }

    private static bool IsWanted(string path)
    {
        if (path == ModelIndex)
            return true;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !ComponentFolders.Contains(path[..slash], StringComparer.Ordinal))
            return false;
        var name = path[(slash + 1)..];
        if (name.Length == 0 || name[0] == '.' || name.IndexOfAny(['/', '\\', ':']) >= 0)
            return false; // nothing nested, hidden or that could climb out of the model folder
        return ModelFiles.Contains(name, StringComparer.Ordinal)
            || SmallFileExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    private static string Refusal(HubModelReference model, IReadOnlyCollection<string> paths, IReadOnlyList<string> missing)
    {
        var nested = paths.FirstOrDefault(p => p.EndsWith("/unet/model.onnx", StringComparison.Ordinal));
        if (nested is not null)
        {
            var folder = nested[..^"/unet/model.onnx".Length];
            var suggestion = model with { Subfolder = model.Subfolder.Length == 0 ? folder : $"{model.Subfolder}/{folder}" };
            return $"{model} is not an ONNX diffusers layout at its top, but '{folder}' looks like one: pull {suggestion} instead.";
        }
        var otherWeights = paths.Any(p => OtherWeightExtensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)));
        var what = otherWeights
            ? "holds PyTorch/safetensors weights, not an ONNX export"
            : "is not an ONNX export in the diffusers/Optimum layout";
        return $"{model} {what} (missing {string.Join(", ", missing)}). {ExportHint}";
    }
}
