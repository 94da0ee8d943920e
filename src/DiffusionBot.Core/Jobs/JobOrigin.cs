namespace DiffusionBot.Core.Jobs;

/// <summary>The interaction that created a job: its token allows editing the original answer for a limited time.</summary>
public sealed record InteractionRef(ulong ApplicationId, string Token, DateTimeOffset CreatedAt)
{
    /// <summary>The token is a credential: records print themselves into logs and assertion messages, so it is left out.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ApplicationId = ").Append(ApplicationId).Append(", Token = ***, CreatedAt = ").Append(CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}

/// <summary>Who asked for a job and where its answer goes.</summary>
public sealed record JobOrigin(ulong RequesterId, ulong? GuildId, ulong ChannelId, InteractionRef? Interaction);
