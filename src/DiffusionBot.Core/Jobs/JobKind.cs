namespace DiffusionBot.Core.Jobs;

public enum JobKind
{
    Imagine = 0,
    Reroll = 1,
    Upscale = 2,
    Variation = 3,
}
