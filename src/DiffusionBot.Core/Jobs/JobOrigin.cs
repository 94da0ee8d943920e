namespace DiffusionBot.Core.Jobs;

/// <summary>The interaction that created a job: its token allows editing the original answer for a limited time.</summary>
public sealed record InteractionRef(ulong ApplicationId, string Token, DateTimeOffset CreatedAt);

/// <summary>Who asked for a job and where its answer goes.</summary>
public sealed record JobOrigin(ulong RequesterId, ulong? GuildId, ulong ChannelId, InteractionRef? Interaction);
