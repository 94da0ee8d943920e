namespace DiffusionBot.Diffusion.Lora;

/// <summary>One low-rank update of one layer: ΔW = Scale · Up · Down, with Down [rank, in(, kh, kw)] and
/// Up [out, rank(, 1, 1)] as the file stores them.</summary>
/// <param name="FlatName">The layer's module path with '.' as '_' (kohya's spelling), without the component prefix.</param>
/// <param name="Key">The file's own key prefix, for messages.</param>
/// <param name="Scale">alpha / rank (kohya), or the PEFT scale; the user's weight multiplies it.</param>
internal sealed record LoraModule(
    LoraComponent Component,
    string FlatName,
    string Key,
    float[] Down,
    long[] DownShape,
    float[] Up,
    long[] UpShape,
    float Scale)
{
    public long Rank => DownShape[0];

    /// <summary>Input features times kernel area (Down flattened to [rank, InFeatures]).</summary>
    public long InFeatures => DownShape.Skip(1).Aggregate(1L, (a, b) => a * b);

    public long OutFeatures => UpShape[0];
}
