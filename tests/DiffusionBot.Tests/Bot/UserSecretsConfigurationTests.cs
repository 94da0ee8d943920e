using DiffusionBot.Bot;
using DiffusionBot.Cli;
using Microsoft.Extensions.Configuration.Memory;

namespace DiffusionBot.Tests.Bot;

public sealed class UserSecretsConfigurationTests
{
    [Fact]
    public void AddBelowEnvironment_KeyInEnvironmentAndSecrets_EnvironmentWins()
    {
        var key = "DiffusionBotTests" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(key, "from-environment");
        try
        {
            var builder = DiffusionHost.CreateBuilder();

            UserSecretsConfiguration.AddBelowEnvironment(builder.Configuration, Secrets((key, "from-secrets")));

            Assert.Equal("from-environment", builder.Configuration[key]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(key, null);
        }
    }

    [Fact]
    public void AddBelowEnvironment_KeyOnlyInSecrets_SecretIsUsed()
    {
        var key = "DiffusionBotTests" + Guid.NewGuid().ToString("N");
        var builder = DiffusionHost.CreateBuilder();

        UserSecretsConfiguration.AddBelowEnvironment(builder.Configuration, Secrets((key, "from-secrets")));

        Assert.Equal("from-secrets", builder.Configuration[key]);
    }

    private static MemoryConfigurationSource Secrets((string Key, string Value) entry) =>
        new() { InitialData = [new KeyValuePair<string, string?>(entry.Key, entry.Value)] };
}
