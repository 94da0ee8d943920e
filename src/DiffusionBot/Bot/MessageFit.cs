using DiffusionBot.Core.Text;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot;

/// <summary>
/// The last guard before a message goes to Discord: content, embed texts, field count and the embeds' total are cut to
/// <see cref="MessageLimits"/>, so no reply can be refused for its length. Builders fit their texts first; this only
/// catches what they missed.
/// </summary>
internal static class MessageFit
{
    public static MessageEdit Fit(MessageEdit message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with { Content = Content(message.Content), Embeds = Embeds(message.Embeds) };
    }

    public static MessageCreate Fit(MessageCreate message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with { Content = Content(message.Content), Embeds = Embeds(message.Embeds) };
    }

    public static InteractionResponse Fit(InteractionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Data is not { } data
            ? response
            : response with { Data = data with { Content = Content(data.Content), Embeds = Embeds(data.Embeds) } };
    }

    private static string? Content(string? content) => content is null ? null : TextFit.Truncate(content, MessageLimits.Content);

    private static Embed[]? Embeds(IReadOnlyList<Embed>? embeds)
    {
        if (embeds is null) return null;
        var fitted = embeds.Select(Each).ToList();
        var excess = fitted.Sum(Length) - MessageLimits.EmbedTotal;
        // Over the total: cut descriptions, then drop fields, last embed first.
        for (var i = fitted.Count - 1; i >= 0 && excess > 0; i--)
        {
            var embed = fitted[i];
            if (embed.Description is { Length: > 0 } description)
            {
                var cut = Math.Min(excess, description.Length);
                var shorter = TextFit.Truncate(description, description.Length - cut);
                excess -= description.Length - shorter.Length;
                embed = embed with { Description = shorter };
            }
            var fields = embed.Fields?.ToList() ?? [];
            while (excess > 0 && fields.Count > 0)
            {
                excess -= fields[^1].Name.Length + fields[^1].Value.Length;
                fields.RemoveAt(fields.Count - 1);
            }
            fitted[i] = embed with { Fields = embed.Fields is null ? null : fields };
        }
        return [.. fitted];
    }

    private static Embed Each(Embed embed) => embed with
    {
        Title = embed.Title is null ? null : TextFit.Truncate(embed.Title, MessageLimits.EmbedTitle),
        Description = embed.Description is null ? null : TextFit.Truncate(embed.Description, MessageLimits.EmbedDescription),
        Footer = embed.Footer is null ? null : embed.Footer with { Text = TextFit.Truncate(embed.Footer.Text, MessageLimits.EmbedFooter) },
        Author = embed.Author is null ? null : embed.Author with { Name = TextFit.Truncate(embed.Author.Name, MessageLimits.EmbedAuthorName) },
        Fields = embed.Fields?.Take(MessageLimits.EmbedFields)
            .Select(f => f with
            {
                Name = TextFit.Truncate(f.Name, MessageLimits.EmbedFieldName),
                Value = TextFit.Truncate(f.Value, MessageLimits.EmbedFieldValue),
            })
            .ToArray(),
    };

    /// <summary>The characters Discord counts towards <see cref="MessageLimits.EmbedTotal"/>.</summary>
    public static int Length(Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0) + (embed.Author?.Name.Length ?? 0)
            + (embed.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
    }
}
