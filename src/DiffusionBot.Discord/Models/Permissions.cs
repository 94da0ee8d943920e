namespace DiffusionBot.Discord.Models;

/// <summary>Discord permission bits (https://discord.com/developers/docs/topics/permissions), the ones a bot checks.</summary>
[Flags]
public enum Permissions : ulong
{
    None = 0,
    CreateInstantInvite = 1UL << 0,
    KickMembers = 1UL << 1,
    BanMembers = 1UL << 2,
    Administrator = 1UL << 3,
    ManageChannels = 1UL << 4,
    ManageGuild = 1UL << 5,
    AddReactions = 1UL << 6,
    ViewChannel = 1UL << 10,
    SendMessages = 1UL << 11,
    ManageMessages = 1UL << 13,
    EmbedLinks = 1UL << 14,
    AttachFiles = 1UL << 15,
    ReadMessageHistory = 1UL << 16,
    UseExternalEmojis = 1UL << 18,
    ManageRoles = 1UL << 28,
    ManageWebhooks = 1UL << 29,
    UseApplicationCommands = 1UL << 31,
    ModerateMembers = 1UL << 40,
}
