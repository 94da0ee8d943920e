using Microsoft.Extensions.Hosting;

namespace DiffusionBot.Diffusion.Models;

/// <summary>Reads and checks every catalogue folder when the host starts, so a missing, half-exported or unsupported
/// model stops start-up with its message instead of failing members' jobs later.</summary>
internal sealed class ModelCatalogStartup(FolderModelCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => catalog.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
