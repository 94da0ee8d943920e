using DiffusionBot.Diffusion.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace DiffusionBot.Models;

/// <summary>Wires the <c>Models</c> section and its catalogue file into the host.</summary>
public static class ModelsRegistration
{
    public static IServiceCollection AddHubOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Hub.HubOptions>()
            .Bind(configuration.GetSection(Hub.HubOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.RetryDelay >= TimeSpan.Zero, "Hub:RetryDelay must not be negative.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Adds <c>&lt;Models:Directory&gt;/catalogue.json</c> as an optional JSON source, after the appsettings files
    /// and before the (unprefixed) environment variables (so an environment variable still overrides a catalogue entry).</summary>
    public static void AddModelCatalogueFile(this IConfigurationManager configuration)
    {
        var directory = ModelCatalogueFile.ResolveDirectory(configuration[$"{ModelsOptions.SectionName}:{nameof(ModelsOptions.Directory)}"]);
        if (!System.IO.Directory.Exists(directory))
            return; // nothing pulled yet; the optional file cannot exist
        var source = new JsonConfigurationSource
        {
            Path = ModelsOptions.CatalogueFileName,
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(directory),
        };
        var sources = configuration.Sources;
        var firstEnvironment = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                firstEnvironment = i;
                break;
            }
        }
        if (firstEnvironment < 0)
            sources.Add(source);
        else
            sources.Insert(firstEnvironment, source);
    }
}
