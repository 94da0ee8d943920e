using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Models;

/// <summary>The catalogue's model names as a member reads them in a refusal, kept short enough for one message.</summary>
public static class ModelNames
{
    /// <summary>Room for the list in a refusal.</summary>
    public const int Budget = 400;

    public static string Listed(IModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return TextFit.Join("", [.. catalog.Models.Select(m => m.Name)], ", ", Budget);
    }

    public static string Unknown(string given, IModelCatalog catalog) =>
        $"Unknown model '{TextFit.Echo(given.Trim())}'. Choose one of: {Listed(catalog)} (see `/models`).";
}
