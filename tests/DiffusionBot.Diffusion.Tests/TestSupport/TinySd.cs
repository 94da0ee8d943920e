namespace DiffusionBot.Diffusion.Tests.TestSupport;

/// <summary>The miniature Stable Diffusion folders and LoRA/embedding fixtures of ../shared/tinysd (skips when absent).</summary>
internal static class TinySd
{
    /// <summary>A model folder such as "sd15" or "sdxl".</summary>
    public static string Folder(string name) => Path.GetDirectoryName(SharedFiles.RequirePath(Path.Combine("tinysd", name, "model_index.json")))!;

    public static string Model(string folder, string component) => SharedFiles.RequirePath(Path.Combine("tinysd", folder, component, "model.onnx"));

    public static string Lora(string fileName) => SharedFiles.RequirePath(Path.Combine("tinysd", "loras", fileName));

    public static string LoraFolder => Path.GetDirectoryName(Lora("style-kohya.safetensors"))!;

    public static string EmbeddingFolder => Path.GetDirectoryName(SharedFiles.RequirePath(Path.Combine("tinysd", "embeddings", "fluffystyle.safetensors")))!;
}
