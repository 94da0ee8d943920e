using DiffusionBot.Bot;
using DiffusionBot.Core.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Tests.Bot;

public sealed class LimitsFitGeneratorTests
{
    [Fact]
    public void AddBot_LimitsAboveGeneratorLimits_FailsAtStartNamingBothSettings()
    {
        using var provider = Build(new()
        {
            ["Limits:MaxSteps"] = "100",
            ["Generator:MaxSteps"] = "50",
            ["Limits:MaxGuidance"] = "40",
            ["Limits:Sizes:0"] = "512x512",
            ["Limits:Sizes:1"] = "2048x512",
            ["Limits:Schedulers:0"] = "euler_a",
            ["Limits:Schedulers:1"] = "heun",
            ["Limits:Models:0"] = "stable-diffusion-v1-5",
            ["Limits:Models:1"] = "sdxl",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LimitsOptions>>().Value);

        Assert.Contains("Limits:MaxSteps (100) is above Generator:MaxSteps (50)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Limits:MaxGuidance (40) is above Generator:MaxGuidance (30)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Limits:Sizes '2048x512' is larger than Generator:MaxWidth x Generator:MaxHeight (1024x1024)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Limits:Schedulers 'heun' is unknown to the engine", error.Message, StringComparison.Ordinal);
        Assert.Contains("Limits:Models lists 2 models, but the engine serves only the one in Generator:ModelPath", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Failures.Count());
    }

    [Fact]
    public void AddBot_ShippedSettings_LimitsFitTheGenerator()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "DiffusionBot.sln"))) root = root.Parent ?? throw new InvalidOperationException("DiffusionBot.sln not found above the test folder.");
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(root.FullName, "config", "appsettings.json"), optional: false).Build();
        using var provider = Build(shipped.AsEnumerable().ToDictionary(p => p.Key, p => p.Value));

        var limits = provider.GetRequiredService<IOptions<LimitsOptions>>().Value;

        Assert.Equal(50, limits.MaxSteps);
    }

    [Fact]
    public void AddBot_NoSettingsAtAll_CodeDefaultsFitTheGenerator()
    {
        using var provider = Build([]);

        var limits = provider.GetRequiredService<IOptions<LimitsOptions>>().Value;

        Assert.Equal(50, limits.MaxSteps);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBot(configuration);
        return services.BuildServiceProvider();
    }
}
