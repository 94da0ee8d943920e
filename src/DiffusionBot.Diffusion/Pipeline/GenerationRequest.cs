namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>A text-to-image request. Null settings take the Generator defaults.</summary>
/// <param name="Prompt">What to draw; must not be empty.</param>
/// <param name="NegativePrompt">What to steer away from (the unconditional text of classifier-free guidance).</param>
/// <param name="Seed">Seed of image 0; image i uses Seed + i. Null: the engine picks one (see the result).</param>
/// <param name="Count">Images in the batch, 1–4.</param>
/// <param name="Scheduler">A scheduler name (see <see cref="SchedulerNames"/>), case-insensitive.</param>
/// <param name="NoiseSource">How noise is drawn from the seeds (see <see cref="Randomness.NoiseSources"/>). Null:
/// Generator:NoiseSource. A stored job passes the one it was made with, so a re-roll or upscale stays consistent.</param>
/// <param name="Loras">LoRAs to apply, by name (Generator:LoraPath) and weight; null or empty: none.</param>
/// <param name="Model">A catalogue name (Models section); null: the catalogue's default.</param>
public sealed record GenerationRequest(
    string Prompt,
    string? NegativePrompt = null,
    long? Seed = null,
    int? Steps = null,
    double? Guidance = null,
    int? Width = null,
    int? Height = null,
    int Count = 1,
    string? Scheduler = null,
    string? NoiseSource = null,
    IReadOnlyList<LoraWeight>? Loras = null,
    string? Model = null);
