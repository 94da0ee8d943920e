namespace DiffusionBot.Core.Buttons;

public enum ButtonAction
{
    Reroll = 0,
    Upscale = 1,
    Variation = 2,
    Cancel = 3,
    Delete = 4,
}
