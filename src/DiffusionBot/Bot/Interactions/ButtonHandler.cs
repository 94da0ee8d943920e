using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// Button presses. A garbled or forged id is refused at once (ephemeral). Cancel and Delete get an ephemeral deferral
/// and their result; re-roll, upscale and variations get a public deferral that becomes the new job's message, or is
/// replaced by an ephemeral refusal. Who may press is decided by Core from the stored job, never from the id.
/// </summary>
internal sealed class ButtonHandler(ButtonPressUseCase presses, InteractionReplies replies, TimeProvider time)
{
    public async Task HandleAsync(Interaction interaction, Action acknowledged, CancellationToken ct)
    {
        var receivedAt = time.GetUtcNow();
        var customId = interaction.Data?.CustomId;
        var parsed = ButtonCustomId.TryParse(customId);
        if (!parsed.Success)
        {
            await replies.ReplyAsync(interaction, parsed.Error!, ephemeral: true, ct);
            acknowledged();
            return;
        }

        var ownMessage = parsed.Id!.Action is ButtonAction.Cancel or ButtonAction.Delete;
        await replies.DeferAsync(interaction, ephemeral: ownMessage, ct);
        acknowledged();

        var press = new ButtonPress(customId!, InteractionMapping.ToMember(interaction), interaction.ChannelId ?? 0, InteractionMapping.ToRef(interaction, receivedAt));
        var outcome = await presses.HandleAsync(press, ct);
        if (ownMessage)
            await replies.EditAsync(interaction, outcome.Message, ct);
        else if (!outcome.Success)
            await replies.RefuseAsync(interaction, outcome.Message, ct);
    }
}
