using DiffusionBot.Core.Application;
using DiffusionBot.Core.Buttons;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Core.Ports;
using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Rest;

namespace DiffusionBot.Bot.Reactions;

/// <summary>
/// 🔄 on a result re-rolls it and ❌ deletes it, through the same use case (and so the same rights, quota and refusals)
/// as the buttons. A reaction on any other message, or with any other emoji, is ignored. A reaction has no interaction
/// to answer privately: a refusal is a short channel message that mentions the member (and only them); success says
/// nothing more (the re-roll's result mentions the member, a deleted message disappears). A re-roll answers in the
/// channel because it has no interaction token.
/// </summary>
internal sealed class ReactionHandler(
    IJobStore jobs,
    ButtonPressUseCase presses,
    IDiscordGatewayState gateway,
    IDiscordRestClient rest) : IDiscordEventHandler<MessageReactionAddEvent>
{
    public const string Reroll = "🔄";
    public const string Delete = "❌";

    public async Task HandleAsync(MessageReactionAddEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (ActionFor(e.Emoji) is not { } action) return;
        var bot = gateway.Ready?.User.Id;
        if (e.UserId == bot) return;
        if (e.MessageAuthorId is { } author && bot is { } self && author != self) return;

        var job = await jobs.FindByMessageIdAsync(e.MessageId, cancellationToken);
        if (job is null) return;

        // Gateway members carry roles but no permissions: a moderator is recognised here by Moderation:ModeratorRoleIds.
        var member = new Member(e.UserId, e.GuildId, 0, e.MemberRoleIds ?? []);
        var press = new ButtonPress(new ButtonCustomId(action, job.Id).Format(), member, e.ChannelId, Interaction: null);
        var outcome = await presses.HandleAsync(press, cancellationToken);
        if (!outcome.Success)
        {
            await rest.CreateMessageAsync(e.ChannelId, new MessageCreate
            {
                Content = $"<@{e.UserId}> {outcome.Message}",
                AllowedMentions = new AllowedMentions { Users = [e.UserId] },
            }, null, cancellationToken);
        }
    }

    /// <summary>Unicode emoji only; a trailing variation selector (U+FE0F) is ignored.</summary>
    internal static ButtonAction? ActionFor(Emoji emoji) =>
        emoji.Id is null ? emoji.Name?.TrimEnd('\uFE0F') switch
        {
            Reroll => ButtonAction.Reroll,
            Delete => ButtonAction.Delete,
            _ => null,
        } : null;
}
