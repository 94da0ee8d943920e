namespace DiffusionBot.Core.Text;

/// <summary>
/// Discord's limits on one message, the one home of these numbers
/// (https://discord.com/developers/docs/resources/message#create-message and the embed limits). Lengths are counted
/// in UTF-16 code units, which is never fewer than the characters Discord counts.
/// </summary>
public static class MessageLimits
{
    public const int Content = 2000;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooter = 2048;
    public const int EmbedAuthorName = 256;

    /// <summary>Fields per embed.</summary>
    public const int EmbedFields = 25;

    /// <summary>Title, description, field names and values, footer and author name of all embeds of a message together.</summary>
    public const int EmbedTotal = 6000;

    /// <summary>How much of a member's own input an error message repeats back.</summary>
    public const int EchoedInput = 100;
}
