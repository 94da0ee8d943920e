using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiffusionBot.Cli;

/// <summary>The generic host shared by every command: appsettings.json next to the executable (content root),
/// <c>&lt;Models:Directory&gt;/catalogue.json</c>, environment variables (Models__Entries__name__Path...), and the diffusion engine with the demo-model fallback.</summary>
internal static class DiffusionHost
{
    public static HostApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?>? overrides = null, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (overrides is { Count: > 0 })
            builder.Configuration.AddInMemoryCollection(overrides);
        builder.Configuration.AddModelCatalogueFile();
        builder.Services.AddSingleton<IModelFolderProvider, DemoModelFolderProvider>();
        builder.Services.AddDiffusionEngine(builder.Configuration);
        configure?.Invoke(builder);
        return builder;
    }
}
