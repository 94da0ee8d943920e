namespace DiffusionBot.Core.Infotext;

/// <summary>
/// The bot's scheduler and noise source names in AUTOMATIC1111's infotext spelling (its
/// modules/sd_samplers_kdiffusion.py, sd_samplers_timesteps.py, sd_samplers_lcm.py and sd_schedulers.py, v1.9 and
/// later, where the schedule is its own "Schedule type" field).
/// </summary>
/// <remarks>
/// Since v1.9 the web UI's "DPM++ 2M" runs a Karras schedule when the schedule type is "Automatic", so the bot's
/// plain <c>dpm++2m</c> (the model's own, evenly spaced schedule) is written "Uniform". Infotexts from before v1.9
/// name the schedule in the sampler ("DPM++ 2M Karras") and have no schedule type; both forms are read.
/// </remarks>
public static class Automatic1111Samplers
{
    private const string Automatic = "Automatic";
    private const string Uniform = "Uniform";
    private const string Karras = "Karras";

    private static readonly (string Scheduler, string Sampler, string ScheduleType)[] Table =
    [
        ("euler_a", "Euler a", Automatic),
        ("euler", "Euler", Automatic),
        ("ddim", "DDIM", Automatic),
        ("dpm++2m", "DPM++ 2M", Uniform),
        ("dpm++2m-karras", "DPM++ 2M", Karras),
        ("lms", "LMS", Automatic),
        ("lcm", "LCM", Automatic),
    ];

    /// <summary>The web UI's Sampler and Schedule type for one of the bot's schedulers; an unknown name is written as
    /// is, without a schedule type.</summary>
    public static (string Sampler, string? ScheduleType) ToSampler(string scheduler)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Scheduler, scheduler, StringComparison.OrdinalIgnoreCase))
                return (row.Sampler, row.ScheduleType);
        }

        return (scheduler, null);
    }

    /// <summary>The bot's scheduler for a web UI sampler and schedule type, or null when the bot has none like it.</summary>
    public static string? FromSampler(string sampler, string? scheduleType)
    {
        var name = sampler.Trim();
        if (string.Equals(name, "DPM++ 2M Karras", StringComparison.OrdinalIgnoreCase) && IsAnyOf(scheduleType, null, Automatic, Karras))
            return "dpm++2m-karras";
        if (string.Equals(name, "DPM++ 2M", StringComparison.OrdinalIgnoreCase))
        {
            // No schedule type: written before v1.9, when "DPM++ 2M" meant the model's own schedule.
            if (scheduleType is null || IsAnyOf(scheduleType, Uniform)) return "dpm++2m";
            return IsAnyOf(scheduleType, Automatic, Karras) ? "dpm++2m-karras" : null;
        }

        foreach (var row in Table)
        {
            if (string.Equals(row.Sampler, name, StringComparison.OrdinalIgnoreCase) && IsAnyOf(scheduleType, null, Automatic, Uniform))
                return row.Scheduler;
        }

        return null;
    }

    /// <summary>The web UI's RNG value for the bot's noise source (<c>xoshiro</c> is the bot's own and written as is).</summary>
    public static string ToRng(string noiseSource) => noiseSource.ToLowerInvariant() switch
    {
        "cpu" => "CPU",
        "nv" => "NV",
        var other => other,
    };

    /// <summary>The bot's noise source for a web UI RNG value; GPU (PyTorch's CUDA generator) is what <c>nv</c> reproduces.</summary>
    public static string? FromRng(string rng) => rng.Trim().ToUpperInvariant() switch
    {
        "CPU" => "cpu",
        "NV" or "GPU" => "nv",
        "XOSHIRO" => "xoshiro",
        _ => null,
    };

    private static bool IsAnyOf(string? value, params string?[] options) =>
        options.Any(o => o is null ? value is null : string.Equals(o, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
