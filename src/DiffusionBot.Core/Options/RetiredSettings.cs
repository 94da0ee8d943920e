using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Core.Options;

/// <summary>Refuses settings of one section that are no longer read (each with where it went), so an old configuration
/// is not silently ignored.</summary>
public sealed class RetiredSettings<TOptions>(IConfiguration configuration, string sectionName, IReadOnlyList<(string Key, string Instead)> retired)
    : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var section = configuration.GetSection(sectionName);
        var failures = retired.Where(r => section[r.Key] is not null || section.GetSection(r.Key).GetChildren().Any())
            .Select(r => $"{sectionName}:{r.Key} is no longer read; use {r.Instead} instead.").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
