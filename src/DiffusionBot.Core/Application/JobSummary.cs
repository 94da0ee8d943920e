using System.Globalization;
using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Application;

/// <summary>One name/value line of a result embed.</summary>
public sealed record SummaryField(string Name, string Value, bool Inline);

/// <summary>The fields shown with a result: prompt, negative, seed, steps, guidance, size, model, scheduler, time, requester.</summary>
public static class JobSummary
{
    public static IReadOnlyList<SummaryField> Fields(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var p = job.Parameters;
        if (job.Kind == JobKind.Upscale && p.IsFromUpload) return UploadUpscaleFields(job);
        var fields = new List<SummaryField>
        {
            new("Prompt", p.Prompt, false),
        };
        if (p.IsFromUpload) fields.Add(new("Source", UploadedSource, true));
        if (!string.IsNullOrWhiteSpace(p.NegativePrompt)) fields.Add(new("Negative", p.NegativePrompt, false));
        var seeds = job.Images.Count > 0 ? string.Join(", ", job.Images.Select(i => i.Seed.ToString(CultureInfo.InvariantCulture))) : p.Seed.ToString(CultureInfo.InvariantCulture);
        fields.Add(new("Seed", seeds, true));
        fields.Add(new("Steps", p.Steps.ToString(CultureInfo.InvariantCulture), true));
        fields.Add(new("Guidance", p.Guidance.ToString("0.##", CultureInfo.InvariantCulture), true));
        fields.Add(new("Size", p.SizeText, true));
        fields.Add(new("Model", p.Model, true));
        fields.Add(new("Scheduler", p.Scheduler, true));
        if (job.Kind == JobKind.Upscale) fields.Add(new("Upscale", $"×{p.UpscaleFactor}{(job.State.Method is { } m ? $" ({m})" : "")}", true));
        if (job.Kind == JobKind.Variation) fields.Add(new("Strength", (p.VariationStrength ?? 0).ToString("0.##", CultureInfo.InvariantCulture), true));
        if (job.Duration is { } d) fields.Add(new("Time", $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s", true));
        fields.Add(new("Requested by", $"<@{job.RequesterId}>", true));
        if (!string.IsNullOrEmpty(job.TruncationNote)) fields.Add(new("Prompt cut", job.TruncationNote, false));
        return fields;
    }

    public const string UploadedSource = "uploaded image";

    /// <summary>An upscale of a member's own picture has no prompt, seed or sampler to show.</summary>
    private static List<SummaryField> UploadUpscaleFields(Job job)
    {
        var p = job.Parameters;
        var fields = new List<SummaryField>
        {
            new("Source", UploadedSource, true),
            new("Size", p.SizeText, true),
            new("Upscale", $"×{p.UpscaleFactor}{(job.State.Method is { } m ? $" ({m})" : "")}", true),
        };
        if (job.Duration is { } d) fields.Add(new("Time", $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s", true));
        fields.Add(new("Requested by", $"<@{job.RequesterId}>", true));
        return fields;
    }
}
