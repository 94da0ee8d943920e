namespace DiffusionBot.Core.Buttons;

public enum ButtonAction
{
    Reroll = 0,
    Upscale = 1,
    Variation = 2,
    Cancel = 3,
    Delete = 4,
    /// <summary>📋: the image's generation parameters (infotext), privately.</summary>
    Info = 5,
    /// <summary>🖋: opens a form to edit the prompt and negative prompt.</summary>
    Edit = 6,
    /// <summary>The id of that form (a modal), whose submit starts a job with the edited text.</summary>
    EditSubmit = 7,
}
