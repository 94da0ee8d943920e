using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Options;

/// <summary>Refuses Generator settings that moved to the catalogue, so an old configuration is not silently ignored
/// (a forgotten Generator:ModelPath would otherwise serve the demo model).</summary>
internal sealed class RetiredGeneratorSettings(IConfiguration configuration) : IValidateOptions<GeneratorOptions>
{
    private static readonly (string Key, string Instead)[] Retired =
    [
        ("ModelPath", "add the folder to the catalogue: Models:Entries:<name>:Path"),
        ("MaxSteps", "Models:Entries:<name>:MaxSteps"),
        ("MaxWidth", "Models:Entries:<name>:Sizes"),
        ("MaxHeight", "Models:Entries:<name>:Sizes"),
        ("DefaultWidth", "Models:Entries:<name>:Size"),
        ("DefaultHeight", "Models:Entries:<name>:Size"),
        ("DefaultSteps", "Models:Entries:<name>:Steps"),
        ("DefaultGuidance", "Models:Entries:<name>:Guidance"),
        ("MaxGuidance", "Models:Entries:<name>:MaxGuidance"),
        ("DefaultScheduler", "Models:Entries:<name>:Scheduler"),
        ("DefaultVariationStrength", "Limits:VariationStrength"),
    ];

    public ValidateOptionsResult Validate(string? name, GeneratorOptions options)
    {
        var section = configuration.GetSection(GeneratorOptions.SectionName);
        var failures = Retired.Where(r => section[r.Key] is not null)
            .Select(r => $"{GeneratorOptions.SectionName}:{r.Key} is no longer read; use {r.Instead} instead.").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
