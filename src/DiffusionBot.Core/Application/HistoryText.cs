using System.Globalization;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Application;

/// <summary>The /history answer: one line per job, for an embed description.</summary>
public static class HistoryText
{
    /// <summary>Short enough that <see cref="UserCommands.MaxHistoryCount"/> lines of the longest kind fit in one embed description.</summary>
    public const int PromptExcerpt = 70;

    public const string Empty = "No images yet.";

    public static string Build(IReadOnlyList<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return jobs.Count == 0 ? Empty : TextFit.Lines(null, [.. jobs.Select(Line)], MessageLimits.EmbedDescription);
    }

    public static string Line(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var seed = job.Images.Count > 0 ? job.Images[0].Seed : job.Parameters.Seed;
        var prompt = TextFit.Truncate(job.Parameters.Prompt.ReplaceLineEndings(" "), PromptExcerpt);
        return string.Create(CultureInfo.InvariantCulture,
            $"`{job.Id}` {job.Kind} {job.Status} <t:{job.CreatedAt.ToUnixTimeSeconds()}:R> — {prompt} ({job.Parameters.SizeText}, seed {seed})");
    }
}
