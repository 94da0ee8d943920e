namespace DiffusionBot.Core.Jobs;

/// <summary>Hands out new, unique, increasing job ids.</summary>
public interface IJobIdGenerator
{
    JobId Next();
}
