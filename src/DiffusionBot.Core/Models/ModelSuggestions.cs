using System.Globalization;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Models;

/// <summary>One model offered while a member types a model name: what they read, and the name that is sent.</summary>
public sealed record ModelSuggestion(string Label, string Name);

/// <summary>
/// The models matching what a member has typed so far, for autocomplete: names starting with it first, then names or
/// descriptions containing it (ignoring case), in catalogue order within each group, at most <see cref="MaxCount"/>.
/// </summary>
public static class ModelSuggestions
{
    /// <summary>Discord offers at most 25 autocomplete choices.</summary>
    public const int MaxCount = 25;

    /// <summary>A choice's label and value may each be at most 100 characters.</summary>
    public const int MaxLength = 100;

    public static IReadOnlyList<ModelSuggestion> For(IReadOnlyList<ModelInfo> models, string? typed)
    {
        ArgumentNullException.ThrowIfNull(models);
        var text = typed?.Trim() ?? "";
        var usable = models.Where(m => m.Name.Length is > 0 and <= MaxLength).ToList();
        var prefix = usable.Where(m => m.Name.StartsWith(text, StringComparison.OrdinalIgnoreCase));
        var contains = usable.Where(m => !m.Name.StartsWith(text, StringComparison.OrdinalIgnoreCase)
            && (m.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || m.Description.Contains(text, StringComparison.OrdinalIgnoreCase)));
        return [.. prefix.Concat(contains).Take(MaxCount).Select(m => new ModelSuggestion(Label(m), m.Name))];
    }

    /// <summary>"sdxl — SDXL · 1024×1024 · photoreal", cut to <see cref="MaxLength"/> with "…".</summary>
    public static string Label(ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var size = string.Create(CultureInfo.InvariantCulture, $"{model.DefaultSize.Width}×{model.DefaultSize.Height}");
        var description = model.Description.ReplaceLineEndings(" ").Trim();
        var label = $"{model.Name} — {model.Family} · {size}" + (description.Length > 0 ? " · " + description : "");
        return TextFit.Truncate(label, MaxLength);
    }
}
