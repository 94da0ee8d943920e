using System.Globalization;
using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Buttons;

/// <summary>
/// A button's custom id: <c>db1:&lt;action&gt;:&lt;jobId&gt;[:&lt;index&gt;]</c> (index zero-based, only for upscale and variation).
/// The same ids name the bot's modals (the prompt-edit form is <c>db1:edited:&lt;jobId&gt;</c>).
/// It only points at a stored job; rights are checked against that job, never read from the id.
/// </summary>
public sealed record ButtonCustomId
{
    public const string Version = "db1";
    public const int MaxLength = 100;
    public const int MaxImageIndex = 3;

    private static readonly (ButtonAction Action, string Text)[] ActionNames =
    [
        (ButtonAction.Reroll, "reroll"),
        (ButtonAction.Upscale, "upscale"),
        (ButtonAction.Variation, "vary"),
        (ButtonAction.Cancel, "cancel"),
        (ButtonAction.Delete, "delete"),
        (ButtonAction.Info, "info"),
        (ButtonAction.Edit, "edit"),
        (ButtonAction.EditSubmit, "edited"),
    ];

    public ButtonCustomId(ButtonAction action, JobId jobId, int? imageIndex = null)
    {
        if (!Enum.IsDefined(action)) throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown button action.");
        if (jobId.Value <= 0) throw new ArgumentOutOfRangeException(nameof(jobId), "Job ids are positive.");
        var needsIndex = action is ButtonAction.Upscale or ButtonAction.Variation;
        if (needsIndex && imageIndex is not (>= 0 and <= MaxImageIndex))
            throw new ArgumentOutOfRangeException(nameof(imageIndex), imageIndex, $"{action} needs an image index 0..{MaxImageIndex}.");
        if (!needsIndex && imageIndex is not null)
            throw new ArgumentOutOfRangeException(nameof(imageIndex), imageIndex, $"{action} takes no image index.");
        Action = action;
        JobId = jobId;
        ImageIndex = imageIndex;
    }

    public ButtonAction Action { get; }
    public JobId JobId { get; }
    public int? ImageIndex { get; }

    public string Format()
    {
        var text = $"{Version}:{NameOf(Action)}:{JobId}";
        return ImageIndex is { } index ? text + ":" + index.ToString(CultureInfo.InvariantCulture) : text;
    }

    public override string ToString() => Format();

    public static ButtonParseResult TryParse(string? customId)
    {
        if (string.IsNullOrEmpty(customId)) return ButtonParseResult.Fail("The button id is empty.");
        if (customId.Length > MaxLength) return ButtonParseResult.Fail($"The button id is longer than {MaxLength} characters.");
        var parts = customId.Split(':');
        if (parts[0] != Version) return ButtonParseResult.Fail("This button is from an unknown or older version of the bot.");
        if (parts.Length is < 3 or > 4) return ButtonParseResult.Fail("The button id is garbled.");
        if (!TryParseAction(parts[1], out var action)) return ButtonParseResult.Fail("The button id names an unknown action.");
        if (!JobId.TryParse(parts[2], out var jobId)) return ButtonParseResult.Fail("The button id has no valid job id.");
        var needsIndex = action is ButtonAction.Upscale or ButtonAction.Variation;
        if (needsIndex != (parts.Length == 4)) return ButtonParseResult.Fail("The button id is garbled.");
        int? index = null;
        if (needsIndex)
        {
            if (parts[3].Length != 1 || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i > MaxImageIndex)
                return ButtonParseResult.Fail("The button id has an invalid image number.");
            index = i;
        }
        var parsed = new ButtonCustomId(action, jobId, index);
        return parsed.Format() == customId
            ? ButtonParseResult.Ok(parsed)
            : ButtonParseResult.Fail("The button id is garbled.");
    }

    private static string NameOf(ButtonAction action) => ActionNames.First(a => a.Action == action).Text;

    private static bool TryParseAction(string text, out ButtonAction action)
    {
        foreach (var (candidate, name) in ActionNames)
        {
            if (name == text)
            {
                action = candidate;
                return true;
            }
        }
        action = default;
        return false;
    }
}

/// <summary>A parsed custom id, or why it was refused (user-facing).</summary>
public sealed record ButtonParseResult(ButtonCustomId? Id, string? Error)
{
    public bool Success => Id is not null;

    public static ButtonParseResult Ok(ButtonCustomId id) => new(id, null);

    public static ButtonParseResult Fail(string error) => new(null, error);
}
