using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace DiffusionBot.Bot;

/// <summary>User secrets (development) sit below environment variables, so an exported variable always wins.</summary>
internal static class UserSecretsConfiguration
{
    public static void AddBelowEnvironment(IConfigurationBuilder configuration, Assembly assembly)
    {
        var secrets = new ConfigurationBuilder().AddUserSecrets(assembly, optional: true).Sources;
        foreach (var source in secrets) AddBelowEnvironment(configuration, source);
    }

    /// <summary>Inserts <paramref name="secrets"/> just before the first environment-variables source (or last, when there is none).</summary>
    public static void AddBelowEnvironment(IConfigurationBuilder configuration, IConfigurationSource secrets)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sources = configuration.Sources;
        var index = 0;
        while (index < sources.Count && sources[index] is not EnvironmentVariablesConfigurationSource) index++;
        sources.Insert(index, secrets);
    }
}
