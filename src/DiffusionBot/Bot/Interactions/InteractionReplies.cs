using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Rest;

namespace DiffusionBot.Bot.Interactions;

/// <summary>The few ways the bot answers an interaction. Every text goes through <see cref="MessageFit"/> on its way out.</summary>
internal sealed class InteractionReplies(IDiscordRestClient rest)
{
    /// <summary>Type 5: "thinking…", to be edited later. Must happen within 3 s of receipt.</summary>
    public Task DeferAsync(Interaction interaction, bool ephemeral, CancellationToken ct) =>
        rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer(ephemeral), null, ct);

    /// <summary>Type 4 at once: for answers that need no work (bad button ids, unknown commands).</summary>
    public Task ReplyAsync(Interaction interaction, string text, bool ephemeral, CancellationToken ct) =>
        rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, MessageFit.Fit(InteractionResponse.Message(text, ephemeral)), null, ct);

    /// <summary>Fills in a deferred answer.</summary>
    public Task EditAsync(Interaction interaction, string text, CancellationToken ct) =>
        EditAsync(interaction, new MessageEdit { Content = text, AllowedMentions = AllowedMentions.None }, ct);

    /// <summary>Fills in a deferred answer with a text and an optional file.</summary>
    public Task EditAsync(Interaction interaction, string text, FileAttachment? file, CancellationToken ct) =>
        rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token,
            MessageFit.Fit(new MessageEdit { Content = text, AllowedMentions = AllowedMentions.None }), file is null ? null : [file], ct);

    /// <summary>Type 8: the choices for the option being typed (autocomplete), as the one and only answer.</summary>
    public Task AutocompleteAsync(Interaction interaction, IReadOnlyList<ApplicationCommandOptionChoice> choices, CancellationToken ct) =>
        rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.AutocompleteResult(choices), null, ct);

    /// <summary>Type 9: a modal, as the first answer to a button press.</summary>
    public Task ShowModalAsync(Interaction interaction, InteractionResponse modal, CancellationToken ct) =>
        rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, modal, null, ct);

    /// <summary>A deferred answer that stays as it is; <paramref name="text"/> goes to the user alone as a follow-up.</summary>
    public Task FollowUpEphemeralAsync(Interaction interaction, string text, CancellationToken ct) =>
        rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token,
            MessageFit.Fit(new MessageCreate { Content = text, Flags = MessageFlags.Ephemeral, AllowedMentions = AllowedMentions.None }), null, ct);

    /// <summary>Fills in a deferred answer with an embed (for lists longer than a message's content may be).</summary>
    public Task EditAsync(Interaction interaction, Embed embed, CancellationToken ct) =>
        EditAsync(interaction, new MessageEdit { Content = "", Embeds = [embed], AllowedMentions = AllowedMentions.None }, ct);

    /// <summary>A public deferred answer that turned out to be a refusal: remove it and tell only the user.</summary>
    public async Task RefuseAsync(Interaction interaction, string text, CancellationToken ct)
    {
        await rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, ct);
        await rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token,
            MessageFit.Fit(new MessageCreate { Content = text, Flags = MessageFlags.Ephemeral, AllowedMentions = AllowedMentions.None }), null, ct);
    }

    private Task<Message> EditAsync(Interaction interaction, MessageEdit edit, CancellationToken ct) =>
        rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, MessageFit.Fit(edit), null, ct);
}
