using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// Modal submits (interaction type 5). The only modal is 🖋's prompt-edit form: deferred publicly, its answer becomes
/// the new job's message, or is replaced by an ephemeral refusal (nothing charged).
/// </summary>
internal sealed class ModalHandler(PromptEditUseCase edits, InteractionReplies replies, TimeProvider time)
{
    public async Task HandleAsync(Interaction interaction, Action acknowledged, CancellationToken ct)
    {
        var receivedAt = time.GetUtcNow();
        var data = interaction.Data;
        var parsed = ButtonCustomId.TryParse(data?.CustomId);
        if (!parsed.Success || parsed.Id!.Action != ButtonAction.EditSubmit)
        {
            await replies.ReplyAsync(interaction, parsed.Error ?? "This form is not one of the bot's.", ephemeral: true, ct);
            acknowledged();
            return;
        }

        await replies.DeferAsync(interaction, ephemeral: false, ct);
        acknowledged();
        var edit = new PromptEdit(
            data!.CustomId!,
            InteractionMapping.ToMember(interaction),
            interaction.ChannelId ?? 0,
            InteractionMapping.ToRef(interaction, receivedAt),
            data.GetTextInputValue(PromptEditModal.PromptInput),
            data.GetTextInputValue(PromptEditModal.NegativeInput));
        var outcome = await edits.SubmitAsync(edit, ct);
        if (!outcome.Accepted) await replies.RefuseAsync(interaction, outcome.Message, ct);
    }
}
