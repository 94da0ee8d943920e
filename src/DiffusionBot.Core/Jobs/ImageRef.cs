namespace DiffusionBot.Core.Jobs;

/// <summary>One stored result image of a job; the PNG bytes live in the image store under (job id, index).</summary>
public sealed record ImageRef(int Index, long Seed, bool Nsfw, int Width, int Height);
