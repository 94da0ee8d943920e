namespace DiffusionBot.Core.Jobs;

/// <summary>Everything needed to (re)generate a job's images. The seed is always resolved before a job is queued.</summary>
public sealed record JobParameters
{
    public required string Prompt { get; init; }
    public string? NegativePrompt { get; init; }
    public required long Seed { get; init; }
    public required int Steps { get; init; }
    public required double Guidance { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int Count { get; init; }
    public required string Model { get; init; }
    public required string Scheduler { get; init; }

    /// <summary>How the generator drew noise from the seed (<c>cpu</c>, <c>nv</c> or <c>xoshiro</c>), fixed when the job
    /// is made so that its re-rolls, upscales and variations draw the same way even after Generator:NoiseSource changes.</summary>
    public required string NoiseSource { get; init; }

    /// <summary>The noise source of jobs stored before jobs recorded one: the generator's original xoshiro256**.</summary>
    public const string LegacyNoiseSource = "xoshiro";

    /// <summary>For upscale and variation jobs: the job whose image is the source.</summary>
    public JobId? SourceJobId { get; init; }

    /// <summary>Zero-based index of the source image within the source job, or <see cref="UploadedImageIndex"/>.</summary>
    public int? SourceImageIndex { get; init; }

    /// <summary>
    /// Where a member's uploaded picture is kept in the image store: under the job it was uploaded with, at this index
    /// (results use 0 to 3). A job made from an upload has its <see cref="SourceJobId"/> pointing there, so re-rolls,
    /// edits and restarts find the picture as they find any source image.
    /// </summary>
    public const int UploadedImageIndex = 100;

    /// <summary>The source image is a member's upload (image-to-image or an upscale of their own picture), not a result.</summary>
    public bool IsFromUpload => SourceImageIndex == UploadedImageIndex;

    public int? UpscaleFactor { get; init; }

    /// <summary>img2img strength in (0, 1]: how far a variation may move away from its source.</summary>
    public double? VariationStrength { get; init; }

    public string SizeText => $"{Width}x{Height}";
}
