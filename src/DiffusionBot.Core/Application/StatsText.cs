using System.Globalization;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Application;

/// <summary>/stats as an embed: a heading and one field per figure, each fitted to Discord's field limit.</summary>
public static class StatsText
{
    public static string Heading(StatsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var last = report.To.AddDays(-1);
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.From:yyyy-MM-dd} to {last:yyyy-MM-dd} (UTC): {report.Jobs} job(s)");
    }

    public static IReadOnlyList<SummaryField> Fields(StatsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            Field("Jobs per day", [.. report.JobsPerDay.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Day:yyyy-MM-dd}: {d.Jobs}"))]),
            Field("Jobs per model", [.. report.JobsPerModel.Select(m => string.Create(CultureInfo.InvariantCulture, $"{TextFit.Truncate(m.Name, MessageLimits.EchoedInput)}: {m.Count}"))]),
            new("Median wait", Seconds(report.MedianWait), true),
            new("Median generation", Seconds(report.MedianGeneration), true),
            new("Refunds", string.Create(CultureInfo.InvariantCulture, $"{report.Refunds} job(s), {report.RefundedUnits} unit(s)"), true),
            Field("Top users by images", [.. report.TopUsers.Select(u => string.Create(CultureInfo.InvariantCulture, $"<@{u.UserId}>: {u.Images}"))]),
        ];
    }

    private static SummaryField Field(string name, IReadOnlyList<string> lines) =>
        new(name, lines.Count == 0 ? "none" : TextFit.Lines(null, lines, MessageLimits.EmbedFieldValue), false);

    private static string Seconds(TimeSpan? value) =>
        value is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "n/a";
}
