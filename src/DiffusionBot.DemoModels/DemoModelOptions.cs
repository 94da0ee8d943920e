using System.Globalization;

namespace DiffusionBot.DemoModels;

/// <summary>Which variant of the demo model folder to write.</summary>
public sealed record DemoModelOptions
{
    /// <summary>Known-answer configuration: no texture, safety checker and upscalers included.</summary>
    public static DemoModelOptions Oracle { get; } = new();

    /// <summary>The guidance scale the demo's colours are tuned for (the engine's default guidance).</summary>
    public const float DemoGuidance = 7.5f;

    /// <summary>The built-in demo model: seed-dependent texture, colours scaled so that the default guidance of 7.5
    /// (which multiplies the prompt's colour under classifier-free guidance) shows the word's own colour instead of
    /// saturating every channel; safety checker and upscalers included.</summary>
    public static DemoModelOptions Demo { get; } = new() { TextureStrength = 2.0f, ColourScale = 1f / DemoGuidance };

    public DemoTimestepDtype TimestepDtype { get; init; } = DemoTimestepDtype.Float32;

    /// <summary>UNet <c>sample</c>, <c>encoder_hidden_states</c> and <c>out_sample</c> are float16 (other models stay float32).</summary>
    public bool Float16 { get; init; }

    public DemoPredictionType PredictionType { get; init; } = DemoPredictionType.Epsilon;

    /// <summary>Amplitude, in decoded image units ([-1, 1] space), of the seed-dependent conv texture added to the
    /// UNet's target. 0 leaves the conv branch out of the graph entirely, so outputs are the exact oracle.</summary>
    public float TextureStrength { get; init; }

    /// <summary>Multiplies the text encoder's colour embeddings. 1 (the default) is the exact oracle that
    /// <see cref="OracleSpec"/> describes.</summary>
    public float ColourScale { get; init; } = 1f;

    /// <summary>When above 0, the UNet also declares an LCM guidance-embedding input <c>timestep_cond</c> [batch, width]
    /// (read by nothing: the outputs do not change), so a caller must feed it as for an LCM UNet.</summary>
    public int GuidanceEmbeddingWidth { get; init; }

    public bool IncludeSafetyChecker { get; init; } = true;

    /// <summary>Writes upscaler/x2.onnx and upscaler/x4.onnx.</summary>
    public bool IncludeUpscalers { get; init; } = true;

    /// <summary>Always 4, as Stable Diffusion 1.x/2.x.</summary>
    public int LatentChannels => OracleSpec.LatentChannels;

    /// <summary>Throws <see cref="ArgumentException"/> for values the writer cannot honour.</summary>
    public void Validate()
    {
        if (!float.IsFinite(TextureStrength) || TextureStrength < 0 || TextureStrength > 10)
        {
            throw new ArgumentException($"TextureStrength must be a finite number in [0, 10]; got {TextureStrength}.", nameof(TextureStrength));
        }

        if (!float.IsFinite(ColourScale) || ColourScale <= 0 || ColourScale > 1)
        {
            throw new ArgumentException($"ColourScale must be a finite number in (0, 1]; got {ColourScale}.", nameof(ColourScale));
        }

        if (GuidanceEmbeddingWidth is < 0 or > 1024 || GuidanceEmbeddingWidth % 2 != 0)
        {
            throw new ArgumentException($"GuidanceEmbeddingWidth must be an even number in [0, 1024]; got {GuidanceEmbeddingWidth}.", nameof(GuidanceEmbeddingWidth));
        }

        if (!Enum.IsDefined(TimestepDtype))
        {
            throw new ArgumentException($"Unknown timestep dtype {TimestepDtype}.", nameof(TimestepDtype));
        }

        if (!Enum.IsDefined(PredictionType))
        {
            throw new ArgumentException($"Unknown prediction type {PredictionType}.", nameof(PredictionType));
        }
    }

    /// <summary>A stable one-line description, stored in the folder's version stamp.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"timestep={TimestepDtype};float16={Float16};prediction={PredictionType};texture={TextureStrength:R};colourScale={ColourScale:R};safety={IncludeSafetyChecker};upscalers={IncludeUpscalers}{(GuidanceEmbeddingWidth > 0 ? $";guidanceEmbedding={GuidanceEmbeddingWidth}" : string.Empty)}");
}
