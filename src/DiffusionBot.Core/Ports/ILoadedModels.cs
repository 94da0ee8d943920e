namespace DiffusionBot.Core.Ports;

/// <summary>Which models the generator holds in memory right now, so the queue can prefer a job that needs no switch.</summary>
public interface ILoadedModels
{
    bool IsLoaded(string model);
}
