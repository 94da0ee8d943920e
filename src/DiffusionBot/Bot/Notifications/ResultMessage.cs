using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Core.Text;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Notifications;

/// <summary>The Discord shape of a job's life: status texts, the result embed, its file and its buttons.</summary>
internal static class ResultMessage
{
    public const string NsfwNote = "⚠️ The safety checker flagged this image; it is hidden behind a spoiler.";

    public static string Queued(int position) =>
        position <= 1 ? "⏳ Queued: you are next." : $"⏳ Queued at position {position}.";

    /// <summary>The image was made and stored but Discord would not take the result message.</summary>
    public static string NotPosted(Job job) =>
        $"⚠️ Your image is ready but could not be posted on Discord. It is saved as job `{job.Id}` (see /history); " +
        "if this keeps happening, try a smaller size or fewer images, or tell a moderator.";

    public static string Progress(int step, int total) => $"🎨 Generating… step {step}/{total}";

    public static IReadOnlyList<MessageComponent> CancelOnly(Job job) =>
        [MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Secondary, new ButtonCustomId(ButtonAction.Cancel, job.Id).Format(), "Cancel", Emoji.Unicode("✖")))];

    /// <summary>The PNG to attach: the single image, or a 2×2 grid of several; SPOILER_ when any was flagged.</summary>
    public static FileAttachment File(Job job, IReadOnlyList<JobImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var nsfw = images.Any(i => i.Ref.Nsfw);
        var png = images.Count == 1 ? images[0].Png : ImageGrid.ComposePng([.. images.Select(i => i.Png)]);
        var name = (nsfw ? "SPOILER_" : "") + (images.Count == 1 ? $"{job.Id}.png" : $"{job.Id}-grid.png");
        var prompt = job.Parameters.Prompt;
        return FileAttachment.Png(name, png, prompt.Length == 0 ? null : TextFit.Truncate(prompt, 1000));
    }

    /// <summary>What the Model field says when the catalogue (Models:Entries) is empty: the built-in demo model made the image,
    /// whatever model name the job carries.</summary>
    public const string DemoModelLabel = "built-in demo model (not Stable Diffusion)";

    /// <summary>The Model field: the job's catalogue model, and when the catalogue is the built-in one, that the demo model drew it.</summary>
    public static string ModelField(string model, bool demo) => demo ? $"{model} — {DemoModelLabel}" : model;

    /// <summary><paramref name="modelUsed"/> is the Model field's text (<see cref="ModelField"/>).</summary>
    public static Embed Embed(Job job, string fileName, string modelUsed)
    {
        var title = job.Kind switch
        {
            JobKind.Upscale => "Upscaled",
            JobKind.Variation when job.Parameters.IsFromUpload => "Image to image",
            JobKind.Variation => "Variation",
            JobKind.Reroll => "Re-roll",
            _ => "Imagine",
        };
        var fields = JobSummary.Fields(job)
            .Select(f => new EmbedField
            {
                Name = f.Name == "Prompt cut" ? "cut" : f.Name,
                Value = TextFit.Truncate(f.Name switch { "Prompt cut" => "cut: " + f.Value, "Model" => modelUsed, _ => f.Value }, MessageLimits.EmbedFieldValue),
                Inline = f.Inline,
            })
            .ToArray();
        return new Embed
        {
            Title = title,
            Color = 0x5865F2,
            Image = new EmbedMedia { Url = "attachment://" + fileName },
            Fields = fields,
        };
    }

    /// <summary>
    /// 🔄 🖋 📋 🗑 on the first row; U1–Un and V1–Vn below (at most 3 rows of at most 5). Upscales have only 📋 and 🗑:
    /// they cannot be re-rolled, upscaled, varied or edited.
    /// </summary>
    public static IReadOnlyList<MessageComponent> Buttons(Job job)
    {
        var delete = MessageComponent.Button(ButtonStyle.Danger, new ButtonCustomId(ButtonAction.Delete, job.Id).Format(), "Delete", Emoji.Unicode("🗑"));
        var info = MessageComponent.Button(ButtonStyle.Secondary, new ButtonCustomId(ButtonAction.Info, job.Id).Format(), "Parameters", Emoji.Unicode("📋"));
        if (job.Kind == JobKind.Upscale) return [MessageComponent.ActionRow(info, delete)];
        var edit = MessageComponent.Button(ButtonStyle.Secondary, new ButtonCustomId(ButtonAction.Edit, job.Id).Format(), "Edit prompt", Emoji.Unicode("🖋"));
        var reroll = MessageComponent.Button(ButtonStyle.Primary, new ButtonCustomId(ButtonAction.Reroll, job.Id).Format(), "Re-roll", Emoji.Unicode("🔄"));
        var count = Math.Min(job.Images.Count, ButtonCustomId.MaxImageIndex + 1);
        var upscales = Enumerable.Range(0, count)
            .Select(i => MessageComponent.Button(ButtonStyle.Secondary, new ButtonCustomId(ButtonAction.Upscale, job.Id, i).Format(), $"U{i + 1}", Emoji.Unicode("⬆️")))
            .ToArray();
        var variations = Enumerable.Range(0, count)
            .Select(i => MessageComponent.Button(ButtonStyle.Secondary, new ButtonCustomId(ButtonAction.Variation, job.Id, i).Format(), $"V{i + 1}", Emoji.Unicode("🎨")))
            .ToArray();
        return [MessageComponent.ActionRow(reroll, edit, info, delete), MessageComponent.ActionRow(upscales), MessageComponent.ActionRow(variations)];
    }

    public static string CompletedContent(Job job, IReadOnlyList<JobImage> images, bool mention)
    {
        var text = mention ? $"<@{job.RequesterId}> your image is ready." : "";
        if (images.Any(i => i.Ref.Nsfw)) text = (text + "\n" + NsfwNote).Trim();
        return text;
    }
}
