using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Options;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;

namespace DiffusionBot.Core.Application;

/// <summary>The /help answer, from the catalogue (the default model's ranges), the bot's limits and the quotas.</summary>
public static class HelpText
{
    public static string Build(IModelCatalog catalog, LimitsOptions limits, QuotaOptions quotas)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(limits);
        var model = catalog.Default;
        ArgumentNullException.ThrowIfNull(quotas);
        return string.Join('\n',
            "**/imagine** `prompt` — make an image. Optional: `negative`, `seed`, " +
            $"`steps` (1–{model.MaxSteps}), `guidance`, `size` ({Choices([.. model.Sizes.Select(s => s.ToString())])}), " +
            $"`count` (1–4), `model` ({Choices([.. catalog.Models.Select(m => m.Name)])}; each has its own sizes and defaults), " +
            $"`scheduler` ({Choices(model.Schedulers)}) — ranges shown for the default model, {model.Name}; " +
            "`parameters` (paste an image's parameters, e.g. from 📋 or a PNG info tab; options you set win, and what cannot be used is listed), " +
            $"`image` (your own PNG, JPEG or WebP to start from, cropped to the size) with `strength` ({ImagineRequestParser.MinStrength:0.##}–1, default {limits.VariationStrength:0.##}).",
            $"**/upscale** `image` — your own picture ×{limits.UpscaleFactor}.",
            "Buttons: 🔄 re-roll (new seed), 🖋 edit the prompt (new seed, charged to you; anyone may use it), " +
            "📋 the image's parameters to copy (only you see them), ⬆️ upscale, 🎨 variations, ✖ cancel, 🗑 delete.",
            $"**/quota** — what you have left (default {quotas.DefaultAllowance} per {Describe(quotas.Window)}).",
            "**/history** — your recent images. **/queue** — what is waiting. **/settings** — your defaults (a default `model` too).",
            "**/models** — the base models. **/loras** — LoRAs to add with `<lora:name:weight>`. **/embeddings** — embeddings' trigger words.",
            "Moderators: **/quota set|grant|reset|default**, **/stats**, banned words, delete any image.",
            "**/tokens** `prompt` — how a prompt tokenizes: its chunks, weighted words and what would be cut.",
            "Emphasis: `(word)` ×1.1, `((word))` ×1.21, `(word:1.3)`, `[word]` ÷1.1 (weights from −10 to 10); `\\(` for a literal bracket; " +
            "`BREAK` starts a new chunk. Prompts run in chunks of 75 tokens (at most 10); where the model takes only one, " +
            "the rest is cut and the result says what was cut.");
    }

    /// <summary>Room for one list of choices, so the whole answer stays inside one message.</summary>
    public const int ChoicesBudget = 250;

    private static string Choices(IReadOnlyList<string> choices) => TextFit.Join("", choices, ", ", ChoicesBudget);

    private static string Describe(TimeSpan window) =>
        window == TimeSpan.FromDays(1) ? "day" : window.TotalHours >= 1 ? $"{window.TotalHours:0.#} h" : $"{window.TotalMinutes:0} min";
}
