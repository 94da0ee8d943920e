namespace DiffusionBot.Diffusion.Models;

/// <summary>The folder of the one model the catalogue holds when <c>Models:Entries</c> is empty. The default has none
/// (start-up then says to add an entry); the host supplies the built-in demo model.</summary>
public interface IModelFolderProvider
{
    ValueTask<string> GetModelFolderAsync(CancellationToken cancellationToken);
}
