using System.Reflection;
using DiffusionBot.Core.Infotext;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Core.Ports;

namespace DiffusionBot.Bot.Generation;

/// <summary>
/// Puts generation parameters into the PNGs the bot and the CLI write, the way AUTOMATIC1111 does: the infotext in a
/// "parameters" text chunk, and for upscales the source's parameters kept with a "postprocessing" chunk beside them.
/// </summary>
internal static class PngParameters
{
    public const string ParametersKeyword = PngTextChunks.ParametersKeyword;
    public const string PostprocessingKeyword = "postprocessing";

    /// <summary>"DiffusionBot 1.2.3" (the Version field).</summary>
    public static string Version { get; } = "DiffusionBot " + ProductVersion();

    /// <summary>The infotext of image <paramref name="index"/> of an engine result.</summary>
    public static GenerationInfotext Describe(GenerationResult result, int index, string prompt, string? negativePrompt) => new()
    {
        Prompt = prompt,
        NegativePrompt = negativePrompt,
        Steps = result.Steps,
        Scheduler = result.SchedulerName,
        Guidance = result.Guidance,
        Seed = result.Images[index].Seed,
        Width = result.Width,
        Height = result.Height,
        Model = result.ModelName,
        DenoisingStrength = result.Strength,
        NoiseSource = result.NoiseSource,
        OtherFields = result.LoraHashes.Count == 0 ? [] : [new(GenerationInfotext.Keys.LoraHashes, LoraHashes(result.LoraHashes))],
        Version = Version,
    };

    /// <summary>"name: hash, name2: hash2", the names without ':' and ',' as the web UI's Lora extension writes them.</summary>
    private static string LoraHashes(IReadOnlyList<KeyValuePair<string, string>> hashes) =>
        string.Join(", ", hashes.Select(h => $"{h.Key.Replace(":", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal)}: {h.Value}"));

    public static byte[] Embed(byte[] png, GenerationInfotext infotext) =>
        PngTextChunks.WithText(png, ParametersKeyword, infotext.Format());

    /// <summary>An upscaled PNG: the source's parameters (or <paramref name="fallback"/> when the source has none) and
    /// a postprocessing chunk naming the factor and the method, as the web UI's Extras tab writes them.</summary>
    public static byte[] Upscaled(ReadOnlySpan<byte> source, byte[] upscaled, int factor, string method, Func<GenerationInfotext> fallback)
    {
        var parameters = PngTextChunks.ReadText(source, ParametersKeyword) ?? fallback().Format();
        var postprocessing = GenerationInfotext.FormatFields(
            [new("Postprocess upscale by", factor.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Postprocess upscaler", method)]);
        return PngTextChunks.WithText(PngTextChunks.WithText(upscaled, ParametersKeyword, parameters), PostprocessingKeyword, postprocessing);
    }

    private static string ProductVersion()
    {
        var informational = typeof(PngParameters).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? typeof(PngParameters).Assembly.GetName().Version?.ToString(3) ?? "unknown";
    }
}
