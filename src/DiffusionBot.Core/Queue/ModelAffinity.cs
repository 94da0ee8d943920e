using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Queue;

/// <summary>
/// Which waiting job the queue takes next. Candidates are the users' next jobs in rotation order (each user's own jobs
/// stay in order). The first is taken unless it would force a model switch; then the first candidate whose model is
/// loaded is taken instead, passing over the ones before it, but never past a job already passed over
/// <c>maxPassedOver</c> times: that one is taken (0 turns affinity off).
/// </summary>
internal static class ModelAffinity
{
    /// <summary>The base model the generator has to hold for <paramref name="job"/>; null for an upscale, which uses none.</summary>
    public static string? ModelOf(Job job) => job.Kind == JobKind.Upscale ? null : job.Parameters.Model;

    /// <summary>The index in <paramref name="candidates"/> (non-empty, in fair order) of the job to take.</summary>
    public static int Choose(IReadOnlyList<Job> candidates, Func<string, bool> isLoaded, Func<JobId, int> passedOver, int maxPassedOver)
    {
        if (maxPassedOver <= 0) return 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var job = candidates[i];
            if (ModelOf(job) is not { } model || isLoaded(model)) return i;
            if (passedOver(job.Id) >= maxPassedOver) return 0;
        }
        return 0;
    }
}
