using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// Button presses. A garbled or forged id is refused at once (ephemeral). Cancel, Delete and 📋 get an ephemeral
/// deferral and their answer; 🖋 answers with the prompt-edit modal (or an ephemeral refusal); re-roll, upscale and
/// variations get a public deferral that becomes the new job's message, or is replaced by an ephemeral refusal. Who may
/// press is decided by Core from the stored job, never from the id.
/// </summary>
internal sealed class ButtonHandler(
    ButtonPressUseCase presses,
    ImageInfoUseCase info,
    PromptEditUseCase edits,
    InteractionReplies replies,
    TimeProvider time)
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

        switch (parsed.Id!.Action)
        {
            case ButtonAction.Info:
                await InfoAsync(interaction, customId, acknowledged, ct);
                return;
            case ButtonAction.Edit:
                await EditAsync(interaction, customId, acknowledged, ct);
                return;
        }

        var ownMessage = parsed.Id!.Action is ButtonAction.Cancel or ButtonAction.Delete or ButtonAction.EditSubmit;
        await replies.DeferAsync(interaction, ephemeral: ownMessage, ct);
        acknowledged();

        var press = new ButtonPress(customId!, InteractionMapping.ToMember(interaction), interaction.ChannelId ?? 0, InteractionMapping.ToRef(interaction, receivedAt));
        var outcome = await presses.HandleAsync(press, ct);
        if (ownMessage)
            await replies.EditAsync(interaction, outcome.Message, ct);
        else if (!outcome.Success)
            await replies.RefuseAsync(interaction, outcome.Message, ct);
    }

    private async Task InfoAsync(Interaction interaction, string? customId, Action acknowledged, CancellationToken ct)
    {
        await replies.DeferAsync(interaction, ephemeral: true, ct);
        acknowledged();
        var image = await info.GetAsync(customId, InteractionMapping.ToMember(interaction), ct);
        if (!image.Success)
        {
            await replies.EditAsync(interaction, image.Error, ct);
            return;
        }
        var (content, file) = InfotextReply.Build(image.Value.Png);
        await replies.EditAsync(interaction, content, file, ct);
    }

    /// <summary>A modal must be the first answer, so the stored job is looked up before acknowledging (a local read).</summary>
    private async Task EditAsync(Interaction interaction, string? customId, Action acknowledged, CancellationToken ct)
    {
        var form = await edits.OpenAsync(customId, InteractionMapping.ToMember(interaction), ct);
        if (!form.Success)
            await replies.ReplyAsync(interaction, form.Error, ephemeral: true, ct);
        else if (!PromptEditModal.Fits(form.Value))
            await replies.ReplyAsync(interaction, $"This prompt is longer than the {PromptEditModal.MaxLength:N0} characters a Discord form can hold, so it cannot be edited here; use /imagine.", ephemeral: true, ct);
        else
            await replies.ShowModalAsync(interaction, PromptEditModal.Build(form.Value), ct);
        acknowledged();
    }
}
