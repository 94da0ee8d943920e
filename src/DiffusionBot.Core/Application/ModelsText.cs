using System.Globalization;
using DiffusionBot.Core.Models;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Application;

/// <summary>The /models answer: one line per catalogue model (name, family, default size, description), for an embed
/// description; the default is marked and a long catalogue ends in "…and N more".</summary>
public static class ModelsText
{
    public const string Title = "Models";

    /// <summary>Short enough that a few dozen models fit in one embed description before the list is cut.</summary>
    public const int DescriptionExcerpt = 120;

    public static string Build(IModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Models.Count == 0) return "No models are configured.";
        var lines = catalog.Models.Select(m => Line(m, string.Equals(m.Name, catalog.Default.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        return TextFit.Lines("Pick one with `/imagine model:` or make it your default with `/settings model:`.", lines, MessageLimits.EmbedDescription);
    }

    public static string Line(ModelInfo model, bool isDefault)
    {
        ArgumentNullException.ThrowIfNull(model);
        var description = TextFit.Truncate(model.Description.ReplaceLineEndings(" ").Trim(), DescriptionExcerpt);
        return string.Create(CultureInfo.InvariantCulture,
            $"**{model.Name}**{(isDefault ? " (default)" : "")} — {model.Family} · {model.DefaultSize.Width}×{model.DefaultSize.Height}{(description.Length > 0 ? " — " + description : "")}");
    }
}
