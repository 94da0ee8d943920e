using System.Globalization;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Models;

/// <summary>Builds a <see cref="CatalogModel"/> from a checked folder (family, native size, the family's defaults and
/// ranges) narrowed by its catalogue entry; every entry problem is a sentence naming the setting and the fix.</summary>
internal static class ModelInfoBuilder
{
    /// <summary>Most steps a base model allows unless its entry says otherwise.</summary>
    public const int BaseMaxSteps = 50;

    public const double BaseMaxGuidance = 20;

    /// <summary>Turbo models are made for guidance 0; a little classifier-free guidance still runs (and some use it).</summary>
    public const double TurboMaxGuidance = 5;

    public static CatalogModel Build(string name, ModelFolder folder, ModelEntryOptions entry, List<string> problems)
    {
        var key = $"{ModelsOptions.SectionName}:Entries:{name}";
        var family = folder.Defaults();
        var (maxSteps, minGuidance, maxGuidance) = folder.Distillation switch
        {
            ModelDistillation.Turbo => (4, 0.0, TurboMaxGuidance),
            ModelDistillation.LatentConsistency => (8, 0.0, folder.HasGuidanceEmbedding ? 15.0 : 2.0),
            _ => (BaseMaxSteps, 0.0, BaseMaxGuidance),
        };
        maxSteps = entry.MaxSteps ?? maxSteps;
        minGuidance = entry.MinGuidance ?? minGuidance;
        maxGuidance = entry.MaxGuidance ?? maxGuidance;
        var steps = entry.Steps ?? Math.Min(family.Steps, maxSteps);
        var guidance = entry.Guidance ?? Math.Clamp(family.Guidance, minGuidance, Math.Max(minGuidance, maxGuidance));
        if (maxSteps < 1 || steps < 1 || steps > maxSteps)
            problems.Add($"{key}: need 1 <= Steps ({steps}) <= MaxSteps ({maxSteps}).");
        if (!double.IsFinite(guidance) || minGuidance < 0 || minGuidance > maxGuidance || guidance < minGuidance || guidance > maxGuidance)
            problems.Add($"{key}: need 0 <= MinGuidance ({Number(minGuidance)}) <= Guidance ({Number(guidance)}) <= MaxGuidance ({Number(maxGuidance)}).");

        var sizes = Sizes(folder, entry, key, problems);
        var defaultSize = new ImageSize(family.Width, family.Height);
        if (!string.IsNullOrWhiteSpace(entry.Size))
        {
            if (!ImageSize.TryParse(entry.Size, out defaultSize) || !sizes.Contains(defaultSize))
                problems.Add($"{key}:Size '{entry.Size}' is not one of its sizes ({string.Join(", ", sizes)}); pick one of them or add it to Sizes.");
        }
        else if (!sizes.Contains(defaultSize) && sizes.Count > 0)
        {
            defaultSize = sizes[0];
        }

        var schedulers = Schedulers(entry, key, problems);
        var scheduler = family.Scheduler;
        if (!string.IsNullOrWhiteSpace(entry.Scheduler))
            scheduler = SchedulerNames.TryParse(entry.Scheduler, out var kind) ? SchedulerNames.ToName(kind) : entry.Scheduler;
        else if (SchedulerNames.TryParse(scheduler, out var familyKind))
            scheduler = SchedulerNames.ToName(familyKind);
        if (!schedulers.Contains(scheduler))
        {
            if (string.IsNullOrWhiteSpace(entry.Scheduler) && schedulers.Count > 0)
                scheduler = schedulers[0];
            else
                problems.Add($"{key}:Scheduler '{entry.Scheduler}' is not one of its schedulers ({string.Join(", ", schedulers)}).");
        }

        var info = new ModelInfo(name, folder.FamilyLabel, entry.Description, defaultSize, sizes, steps, maxSteps, guidance, minGuidance, maxGuidance,
            scheduler, schedulers);
        return new CatalogModel(info, folder, new ModelDefaults(defaultSize.Width, defaultSize.Height, steps, guidance, scheduler));
    }

    /// <summary>The entry's sizes, or the native size with its 2:3 and 3:2 neighbours (rounded to the model's size step).</summary>
    private static List<ImageSize> Sizes(ModelFolder folder, ModelEntryOptions entry, string key, List<string> problems)
    {
        var multiple = folder.SizeMultiple;
        if (entry.Sizes.Count == 0)
        {
            var native = folder.NativeSize;
            var tall = Math.Min(2048, native * 3 / 2 / multiple * multiple);
            return [.. new[] { new ImageSize(native, native), new ImageSize(native, tall), new ImageSize(tall, native) }.Distinct()];
        }

        var sizes = new List<ImageSize>();
        foreach (var text in entry.Sizes)
        {
            if (!ImageSize.TryParse(text, out var size))
                problems.Add($"{key}:Sizes '{text}' is not WIDTHxHEIGHT with sides 64..2048 divisible by 8.");
            else if (size.Width % multiple != 0 || size.Height % multiple != 0)
                problems.Add($"{key}:Sizes '{text}': this model needs sides that are multiples of {multiple} (its UNet halves the image {Math.Log2(multiple / 8):0} times).");
            else if (!sizes.Contains(size))
                sizes.Add(size);
        }

        return sizes;
    }

    private static List<string> Schedulers(ModelEntryOptions entry, string key, List<string> problems)
    {
        if (entry.Schedulers.Count == 0)
            return [.. SchedulerNames.CanonicalNames];
        var names = new List<string>();
        foreach (var text in entry.Schedulers)
        {
            if (!SchedulerNames.TryParse(text, out var kind))
                problems.Add($"{key}:Schedulers '{text}' is unknown; use one of: {string.Join(", ", SchedulerNames.CanonicalNames)}.");
            else if (!names.Contains(SchedulerNames.ToName(kind)))
                names.Add(SchedulerNames.ToName(kind));
        }

        return names;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
