namespace DiffusionBot.Diffusion.Models;

/// <summary>Says which model folder the engine loads. The default reads Generator:ModelPath; a host may
/// replace it (for example to supply the built-in demo model).</summary>
public interface IModelFolderProvider
{
    ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken);
}
