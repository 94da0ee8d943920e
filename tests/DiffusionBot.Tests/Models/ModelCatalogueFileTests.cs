using DiffusionBot.Diffusion.Options;
using System.Text.Json;
using DiffusionBot.Cli;
using DiffusionBot.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Tests.Models;

public sealed class ModelCatalogueFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("diffusionbot-catalogue-tests-").FullName;

    [Fact]
    public async Task SetEntryAsync_ExistingCatalogue_KeepsOtherEntriesAndContentAndReplacesTheSameNameInAnyCase()
    {
        await File.WriteAllTextAsync(ModelCatalogueFile.PathIn(_directory), """
            { "Models": { "Default": "old", "Entries": { "old": { "Path": "/x/old" }, "SD": { "Path": "/x/stale" } } }, "Other": 1 }
            """, TestContext.Current.CancellationToken);

        await ModelCatalogueFile.SetEntryAsync(_directory, "sd", new ModelEntryOptions { Path = "/x/sd", Description = "d", Source = "a/b@main" }, TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(ModelCatalogueFile.PathIn(_directory), TestContext.Current.CancellationToken));
        var models = document.RootElement.GetProperty("Models");
        Assert.Equal("old", models.GetProperty("Default").GetString());
        Assert.Equal(["old", "sd"], models.GetProperty("Entries").EnumerateObject().Select(p => p.Name));
        Assert.Equal("/x/sd", models.GetProperty("Entries").GetProperty("sd").GetProperty("Path").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("Other").GetInt32());
        Assert.Equal([ModelCatalogueFile.PathIn(_directory)], Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task SetEntryAsync_CorruptCatalogue_ThrowsNamingTheFileAndLeavesItAlone()
    {
        await File.WriteAllTextAsync(ModelCatalogueFile.PathIn(_directory), "{ not json", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ModelCatalogueException>(() =>
            ModelCatalogueFile.SetEntryAsync(_directory, "sd", new ModelEntryOptions(), TestContext.Current.CancellationToken));

        Assert.Contains(ModelCatalogueFile.PathIn(_directory), error.Message, StringComparison.Ordinal);
        Assert.Equal("{ not json", await File.ReadAllTextAsync(ModelCatalogueFile.PathIn(_directory), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateBuilder_CatalogueInModelsDirectory_IsMergedIntoTheModelsOptions()
    {
        await ModelCatalogueFile.SetEntryAsync(_directory, "sd", new ModelEntryOptions { Path = "/x/sd", Description = "d", Source = "a/b@main" }, TestContext.Current.CancellationToken);

        var builder = DiffusionHost.CreateBuilder(new Dictionary<string, string?> { ["Models:Directory"] = _directory });
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<ModelsOptions>>().Value;

        Assert.Equal("/x/sd", options.Entries["sd"].Path);
        Assert.Equal("a/b@main", options.Entries["SD"].Source);
    }

    [Fact]
    public void CreateBuilder_CatalogueSource_SitsAfterTheAppSettingsAndBeforeTheEnvironmentVariables()
    {
        var builder = DiffusionHost.CreateBuilder(new Dictionary<string, string?> { ["Models:Directory"] = _directory });
        var sources = builder.Configuration.Sources.ToList();

        var catalogue = sources.FindIndex(s => s is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path: ModelsOptions.CatalogueFileName });
        var appSettings = sources.FindIndex(s => s is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path: "appsettings.json" });
        var environment = sources.FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" });

        Assert.True(appSettings >= 0 && catalogue > appSettings && environment > catalogue, $"appsettings {appSettings}, catalogue {catalogue}, environment {environment}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
