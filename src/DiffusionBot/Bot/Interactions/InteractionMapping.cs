using DiffusionBot.Core.Text;
using System.Text.Json;
using DiffusionBot.Bot.Commands;
using DiffusionBot.Core.Commands;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Moderation;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Interactions;

/// <summary>Discord interaction → Core's neutral data. Permissions come only from what Discord sent with the member.</summary>
internal static class InteractionMapping
{
    public static Member ToMember(Interaction interaction)
    {
        var user = interaction.InvokingUser ?? throw new InvalidOperationException("The interaction has no user.");
        return interaction.Member is { } member && interaction.GuildId is { } guild
            ? Member.Create(user.Id, guild, member.Permissions, member.Roles)
            : Member.Create(user.Id, null, null, null);
    }

    /// <summary>The token's clock starts when Discord created the interaction; receipt time is a close, safe stand-in.</summary>
    public static InteractionRef ToRef(Interaction interaction, DateTimeOffset receivedAt) =>
        new(interaction.ApplicationId, interaction.Token, receivedAt);

    /// <summary>Option values as string, long, double or bool (users and other snowflakes as their decimal text).</summary>
    public static Dictionary<string, object> Values(IReadOnlyList<ApplicationCommandInteractionOption> options)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            if (option.Value is not { } value) continue;
            object? converted = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
            if (converted is not null) values[option.Name] = converted;
        }
        return values;
    }

    /// <summary>
    /// /imagine's options as Core's typed record: the one place they are read by name (the attached image's bytes are
    /// fetched by <see cref="AttachedImage"/>). An unknown name or a value of the
    /// wrong type (Discord checks types, so only a changed registration or a forged payload gets here) is a clear error.
    /// </summary>
    public static Validated<ImagineOptions> ToImagineOptions(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var unknown = values.Keys.FirstOrDefault(k => !ImagineOptionNames.All.Contains(k));
        if (unknown is not null)
            return Validated.Fail<ImagineOptions>($"Unknown option '{TextFit.Echo(unknown)}'. Known options: {string.Join(", ", ImagineOptionNames.All)}.");

        string? error = null;
        var options = new ImagineOptions(Text(ImagineOptionNames.Prompt) ?? "")
        {
            Negative = Text(ImagineOptionNames.Negative),
            Seed = Whole(ImagineOptionNames.Seed),
            Steps = Whole(ImagineOptionNames.Steps),
            Guidance = Number(ImagineOptionNames.Guidance),
            Size = Text(ImagineOptionNames.Size),
            Count = Whole(ImagineOptionNames.Count),
            Model = Text(ImagineOptionNames.Model),
            Scheduler = Text(ImagineOptionNames.Scheduler),
            Parameters = Text(ImagineOptionNames.Parameters),
            Strength = Number(ImagineOptionNames.Strength),
        };
        return error is null ? Validated.Ok(options) : Validated.Fail<ImagineOptions>(error);

        string? Text(string name)
        {
            if (!values.TryGetValue(name, out var value)) return null;
            if (value is string text) return text;
            error ??= $"Option '{name}' must be text.";
            return null;
        }

        long? Whole(string name)
        {
            if (!values.TryGetValue(name, out var value)) return null;
            if (value is long whole) return whole;
            error ??= $"Option '{name}' must be a whole number.";
            return null;
        }

        double? Number(string name)
        {
            if (!values.TryGetValue(name, out var value)) return null;
            if (value is double number && double.IsFinite(number)) return number;
            if (value is long whole) return whole;
            error ??= $"Option '{name}' must be a number.";
            return null;
        }
    }

    public static string? String(IReadOnlyDictionary<string, object> values, string name) =>
        values.TryGetValue(name, out var v) ? v as string ?? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static long? Long(IReadOnlyDictionary<string, object> values, string name) =>
        values.TryGetValue(name, out var v) && v is long l ? l : null;

    public static ulong? Snowflake(IReadOnlyDictionary<string, object> values, string name) =>
        String(values, name) is { } text && ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
