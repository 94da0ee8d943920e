using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Discord.Options;

/// <summary>The "Discord" configuration section. The token comes from the environment (Discord__Token).</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>Bot token. Secret: never logged, never put in exception messages.</summary>
    public string? Token { get; set; }

    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>Overrides the URL from GET /gateway/bot (tests, proxies).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>
    /// Gateway intents bit set. Default: GUILD_MESSAGE_REACTIONS (1024) only, the one event the bot handles besides
    /// interactions (which need no intent).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int Intents { get; set; } = 1024;

    /// <summary>Guilds to register slash commands in; empty means global registration.</summary>
    public IList<ulong> GuildIds { get; set; } = new List<ulong>();

    /// <summary>The bot's web page, the $url of Discord's required User-Agent form.</summary>
    [Required, Url, MaxLength(150)]
    public string UserAgentUrl { get; set; } = "https://github.com/diffusionbot/diffusionbot";

    /// <summary>The bot's version, the $versionNumber of Discord's required User-Agent form.</summary>
    [Required, RegularExpression("^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")]
    public string UserAgentVersion { get; set; } = "1.0";

    /// <summary>
    /// The User-Agent of every REST request and gateway connection, in the form Discord's reference requires:
    /// <c>DiscordBot ($url, $versionNumber)</c> (https://discord.com/developers/docs/reference#user-agent).
    /// </summary>
    public string UserAgent => $"DiscordBot ({UserAgentUrl}, {UserAgentVersion})";

    /// <summary>Capacity of the bounded channel between the gateway reader and event handlers.</summary>
    [Range(1, 100_000)]
    public int EventQueueCapacity { get; set; } = 1024;

    public TimeSpan ReconnectBackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest total size of the files of one REST request (Discord's default upload limit, 10 MiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long fetching one attached file from Discord's CDN may take.</summary>
    public TimeSpan AttachmentDownloadTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
