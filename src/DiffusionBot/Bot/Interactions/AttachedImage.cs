using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Options;
using DiffusionBot.Discord.Attachments;
using DiffusionBot.Discord.Models;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// The file a member gave for a command's attachment option, fetched within Limits:MaxUploadBytes. Every way it can go
/// wrong is a user-facing error; nothing is charged before this succeeds.
/// </summary>
internal sealed class AttachedImage(IAttachmentDownloader downloader, IOptions<LimitsOptions> limits)
{
    /// <summary>The bytes of the file given as <paramref name="optionName"/>; null when the option was not given.</summary>
    public async Task<Validated<byte[]>?> FetchAsync(Interaction interaction, string optionName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var data = interaction.Data;
        if (data is null || !data.GetLeafOptions().Any(o => o.Name == optionName)) return null;
        var attachment = data.GetAttachment(optionName);
        if (attachment is null) return Validated.Fail<byte[]>($"Discord did not send the file given as `{optionName}`; please attach it again.");
        try
        {
            return Validated.Ok(await downloader.DownloadAsync(attachment, limits.Value.MaxUploadBytes, ct));
        }
        catch (AttachmentDownloadException ex) when (ex.TooLarge)
        {
            return Validated.Fail<byte[]>(ex.Message + " Send a smaller file.");
        }
        catch (AttachmentDownloadException ex)
        {
            return Validated.Fail<byte[]>($"{ex.Message} Please try again.");
        }
    }
}
