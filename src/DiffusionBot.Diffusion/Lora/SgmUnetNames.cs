using System.Text.RegularExpressions;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Translates diffusers UNet module paths to the original Stable Diffusion (SGM / LDM) names that kohya uses for
/// SDXL LoRAs: <c>down_blocks.1.attentions.0</c> → <c>input_blocks.4.1</c>, <c>mid_block.attentions.0</c> →
/// <c>middle_block.1</c>, <c>up_blocks.0.attentions.2</c> → <c>output_blocks.2.1</c>, resnet and embedding layers
/// likewise. With L layers per block, down block b's layer j is input block 1 + b(L+1) + j and up block b's layer j
/// is output block b(L+1) + j (an up block has L+1 layers).
/// </summary>
internal static partial class SgmUnetNames
{
    private static readonly (string Diffusers, string Sgm)[] ResnetParts =
    [
        ("norm1", "in_layers.0"), ("conv1", "in_layers.2"), ("time_emb_proj", "emb_layers.1"),
        ("norm2", "out_layers.0"), ("conv2", "out_layers.3"), ("conv_shortcut", "skip_connection"),
    ];

    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        ["conv_in"] = "input_blocks.0.0",
        ["time_embedding.linear_1"] = "time_embed.0",
        ["time_embedding.linear_2"] = "time_embed.2",
        ["add_embedding.linear_1"] = "label_emb.0.0",
        ["add_embedding.linear_2"] = "label_emb.0.2",
        ["conv_norm_out"] = "out.0",
        ["conv_out"] = "out.2",
    };

    /// <summary>Layers per down block, from the highest <c>down_blocks.0.resnets.N</c> present (2 when none is).</summary>
    public static int LayersPerBlock(IEnumerable<string> modulePaths)
    {
        var max = -1;
        foreach (var path in modulePaths)
        {
            var match = DownResnet().Match(path);
            if (match.Success)
                max = Math.Max(max, int.Parse(match.Groups[1].ValueSpan, provider: null));
        }

        return max >= 0 ? max + 1 : 2;
    }

    /// <summary>The SGM name of a diffusers UNet module path, or null when it has none.</summary>
    public static string? FromDiffusers(string path, int layersPerBlock)
    {
        foreach (var (prefix, sgm) in Fixed)
        {
            if (path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal))
                return sgm + path[prefix.Length..];
        }

        var match = Block().Match(path);
        if (!match.Success)
            return null;
        var kind = match.Groups["kind"].Value;
        var block = match.Groups["block"].Success ? int.Parse(match.Groups["block"].ValueSpan, provider: null) : 0;
        var part = match.Groups["part"].Value;
        var layer = int.Parse(match.Groups["layer"].ValueSpan, provider: null);
        var rest = match.Groups["rest"].Value;
        var stride = layersPerBlock + 1;
        return (kind, part) switch
        {
            ("down_blocks", "resnets") => $"input_blocks.{1 + block * stride + layer}.0{Resnet(rest)}",
            ("down_blocks", "attentions") => $"input_blocks.{1 + block * stride + layer}.1{rest}",
            ("down_blocks", "downsamplers") => $"input_blocks.{(block + 1) * stride}.0{rest.Replace(".conv", ".op", StringComparison.Ordinal)}",
            ("mid_block", "resnets") => $"middle_block.{layer * 2}{Resnet(rest)}",
            ("mid_block", "attentions") => $"middle_block.1{rest}",
            ("up_blocks", "resnets") => $"output_blocks.{block * stride + layer}.0{Resnet(rest)}",
            ("up_blocks", "attentions") => $"output_blocks.{block * stride + layer}.1{rest}",
            ("up_blocks", "upsamplers") => null, // its index (1 or 2) depends on whether the block has attention; rarely trained
            _ => null,
        };
    }

    private static string Resnet(string rest)
    {
        foreach (var (diffusers, sgm) in ResnetParts)
        {
            if (rest == "." + diffusers || rest.StartsWith("." + diffusers + ".", StringComparison.Ordinal))
                return "." + sgm + rest[(diffusers.Length + 1)..];
        }

        return rest;
    }

    [GeneratedRegex(@"^down_blocks\.0\.resnets\.(\d+)\.")]
    private static partial Regex DownResnet();

    [GeneratedRegex(@"^(?<kind>down_blocks|up_blocks|mid_block)(?:\.(?<block>\d+))?\.(?<part>resnets|attentions|downsamplers|upsamplers)\.(?<layer>\d+)(?<rest>(?:\..*)?)$")]
    private static partial Regex Block();
}
