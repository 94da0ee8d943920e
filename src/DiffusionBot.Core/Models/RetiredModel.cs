using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Models;

/// <summary>What members are told when something names a model that has left the catalogue.</summary>
public static class RetiredModel
{
    /// <summary>A button or form on an image made with a model the bot no longer offers (nothing is charged).</summary>
    public static string ButtonMessage(string model) =>
        $"This image was made with the model `{TextFit.Echo(model)}`, which this bot no longer offers, so it cannot be re-rolled, " +
        "upscaled, varied or edited here. Nothing was charged. See `/models` for the models on offer.";

    /// <summary>A member's saved default model is gone: the job runs on the catalogue's default instead.</summary>
    public static string SettingNote(string saved, string used) =>
        $"Your default model `{TextFit.Echo(saved)}` is no longer offered, so `{used}` was used. Choose a new default with `/settings model:`.";
}
