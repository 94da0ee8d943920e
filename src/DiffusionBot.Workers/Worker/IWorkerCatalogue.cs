namespace DiffusionBot.Workers.Worker;

/// <summary>The models this worker's engine serves (the host's catalogue names), announced to the bot.</summary>
public interface IWorkerCatalogue
{
    IReadOnlyList<string> Models { get; }
}
