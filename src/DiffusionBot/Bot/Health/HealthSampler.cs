using DiffusionBot.Core.Application;
using DiffusionBot.Core.Ports;
using DiffusionBot.Discord.Gateway;

namespace DiffusionBot.Bot.Health;

/// <summary>
/// Takes the bot's health state from the gateway and the running jobs. The gateway counts as down from the start until
/// the first READY; an outage is noticed at the first sample that sees it (one write interval late at most). The loaded
/// models are known only with an in-process generator (<see cref="ILoadedModels"/>).
/// </summary>
internal sealed class HealthSampler(IDiscordGatewayState gateway, RunningJobs running, TimeProvider time,
    IModelCatalog? catalog = null, ILoadedModels? loaded = null)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _gatewayDownSince = time.GetUtcNow();

    public HealthState Sample()
    {
        var now = time.GetUtcNow();
        var connected = gateway.IsConnected;
        var generatingSince = running.Current.Select(j => j.StartedAt).Where(s => s is not null).Min();
        lock (_gate)
        {
            _gatewayDownSince = connected ? null : _gatewayDownSince ?? now;
            return new HealthState(now, connected, _gatewayDownSince, generatingSince, LoadedModels());
        }
    }

    private List<string>? LoadedModels() =>
        catalog is null || loaded is null ? null : [.. catalog.Models.Select(m => m.Name).Where(loaded.IsLoaded)];
}
