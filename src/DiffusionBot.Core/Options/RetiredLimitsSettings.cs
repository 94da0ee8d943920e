using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Options;

/// <summary>Refuses Limits settings that moved to the model catalogue (each model's sizes, steps, guidance and
/// schedulers), so an old configuration is not silently ignored.</summary>
internal sealed class RetiredLimitsSettings(IConfiguration configuration) : IValidateOptions<LimitsOptions>
{
    private static readonly (string Key, string Instead)[] Retired =
    [
        ("Sizes", "Models:Entries:<name>:Sizes"),
        ("DefaultSize", "Models:Entries:<name>:Size"),
        ("MinSteps", "Models:Entries:<name>:MaxSteps (steps start at 1)"),
        ("MaxSteps", "Models:Entries:<name>:MaxSteps"),
        ("DefaultSteps", "Models:Entries:<name>:Steps"),
        ("MinGuidance", "Models:Entries:<name>:MinGuidance"),
        ("MaxGuidance", "Models:Entries:<name>:MaxGuidance"),
        ("DefaultGuidance", "Models:Entries:<name>:Guidance"),
        ("Models", "Models:Entries (the catalogue)"),
        ("DefaultModel", "Models:Default"),
        ("Schedulers", "Models:Entries:<name>:Schedulers"),
        ("DefaultScheduler", "Models:Entries:<name>:Scheduler"),
    ];

    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var section = configuration.GetSection(LimitsOptions.SectionName);
        var failures = Retired.Where(r => section[r.Key] is not null || section.GetSection(r.Key).GetChildren().Any())
            .Select(r => $"{LimitsOptions.SectionName}:{r.Key} is no longer read; use {r.Instead} instead.").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
