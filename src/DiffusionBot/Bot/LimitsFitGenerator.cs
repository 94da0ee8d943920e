using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Options;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Workers;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot;

/// <summary>Checks at start that everything /imagine accepts (Limits) is something the engine runs (Generator), so
/// users are not charged for jobs the engine would refuse. The engine still refuses at run time (with a refund).
/// With generator workers (<c>Workers:Redis</c>) each worker serves its own model, so several model names are allowed.</summary>
internal sealed class LimitsFitGenerator(IOptions<GeneratorOptions> generator, IOptions<WorkersOptions>? workers = null) : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var g = generator.Value;
        var failures = new List<string>();
        if (options.MaxSteps > g.MaxSteps)
            failures.Add($"Limits:MaxSteps ({options.MaxSteps}) is above Generator:MaxSteps ({g.MaxSteps}); lower Limits:MaxSteps or raise Generator:MaxSteps.");
        if (options.MaxGuidance > g.MaxGuidance)
            failures.Add($"Limits:MaxGuidance ({options.MaxGuidance}) is above Generator:MaxGuidance ({g.MaxGuidance}); lower Limits:MaxGuidance or raise Generator:MaxGuidance.");
        foreach (var text in options.SizeChoices)
        {
            if (!ImageSize.TryParse(text, out var size)) continue;
            if (size.Width > g.MaxWidth || size.Height > g.MaxHeight)
                failures.Add($"Limits:Sizes '{text}' is larger than Generator:MaxWidth x Generator:MaxHeight ({g.MaxWidth}x{g.MaxHeight}); remove it or raise the Generator limits.");
            else if (Math.Max(size.Width, size.Height) > g.MaxUpscaleInputEdge)
                failures.Add($"Limits:Sizes '{text}' cannot be upscaled: Generator:MaxUpscaleInputEdge is {g.MaxUpscaleInputEdge}.");
        }
        if (options.ModelChoices.Count > 1 && workers?.Value.Enabled != true)
            failures.Add($"Limits:Models lists {options.ModelChoices.Count} models, but the engine serves only the one in Generator:ModelPath; list just that one.");
        foreach (var scheduler in options.SchedulerChoices)
        {
            if (!SchedulerNames.TryParse(scheduler, out _))
                failures.Add($"Limits:Schedulers '{scheduler}' is unknown to the engine; use one of: {string.Join(", ", SchedulerNames.CanonicalNames)}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
