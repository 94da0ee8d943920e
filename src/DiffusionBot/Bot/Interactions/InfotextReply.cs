using System.Text;
using DiffusionBot.Bot.Generation;
using DiffusionBot.Core.Text;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Interactions;

/// <summary>
/// 📋's answer: the PNG's parameters chunk as it is, in a code block ready to copy. When the block would pass Discord's
/// 2,000 characters (or the text itself holds a code fence), the whole text comes as <c>parameters.txt</c> instead:
/// nothing is cut.
/// </summary>
internal static class InfotextReply
{
    public const string FileName = "parameters.txt";
    public const string TooLongNote = "These parameters are longer than a Discord message allows, so here they are as a file.";
    public const string NoParametersNote = "This image was made before the bot wrote generation parameters into its PNGs; there is nothing to copy.";

    private const string Fence = "```";

    public static (string Content, FileAttachment? File) Build(byte[] png)
    {
        var text = PngTextChunks.ReadText(png, PngParameters.ParametersKeyword);
        if (text is null) return (NoParametersNote, null);
        var block = Fence + "\n" + text + "\n" + Fence;
        if (block.Length <= MessageLimits.Content && !text.Contains(Fence, StringComparison.Ordinal)) return (block, null);
        return (TooLongNote, new FileAttachment(FileName, Encoding.UTF8.GetBytes(text), "Generation parameters", "text/plain; charset=utf-8"));
    }
}
