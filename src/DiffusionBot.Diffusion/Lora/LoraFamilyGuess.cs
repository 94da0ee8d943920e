namespace DiffusionBot.Diffusion.Lora;

/// <summary>Says which model family a LoRA seems to be for, from its metadata, key names and layer widths.</summary>
internal static class LoraFamilyGuess
{
    public static string Describe(LoraNetwork network)
    {
        var (family, reason) = Guess(LoraFamilyEvidence.Of(network));
        return reason is null ? family : $"{family} ({reason})";
    }

    /// <summary>The family (e.g. "SD 1.x", or "another model family") and what points to it (null when nothing does).</summary>
    public static (string Family, string? Reason) Guess(LoraFamilyEvidence evidence)
    {
        if (evidence.Metadata.TryGetValue("ss_base_model_version", out var version) && FromVersion(version) is { } named)
            return (named, $"its metadata says ss_base_model_version {version}");
        if (evidence.Metadata.TryGetValue("modelspec.architecture", out var architecture) && FromVersion(architecture) is { } spec)
            return (spec, $"its metadata says modelspec.architecture {architecture}");
        var keys = evidence.Keys;
        if (keys.Any(k => k.Contains("double_blocks", StringComparison.Ordinal) || k.Contains("single_blocks", StringComparison.Ordinal) || k.Contains("single_transformer_blocks", StringComparison.Ordinal)))
            return ("Flux", "its keys name double/single transformer blocks");
        if (keys.Any(k => k.Contains("joint_blocks", StringComparison.Ordinal) || k.Contains("transformer_blocks", StringComparison.Ordinal) && k.StartsWith("transformer.", StringComparison.Ordinal)))
            return ("SD 3", "its keys name joint transformer blocks");
        if (evidence.HasTextEncoder2 || keys.Any(k => k.Contains("input_blocks", StringComparison.Ordinal) || k.Contains("output_blocks", StringComparison.Ordinal)))
            return ("SDXL", "it has two text encoders / SDXL block names");
        switch (evidence.TextWidth)
        {
            case 768:
                return ("SD 1.x", "its text-encoder layers are 768 wide");
            case 1024:
                return ("SD 2.x", "its text-encoder layers are 1024 wide");
        }

        return evidence.CrossWidth switch
        {
            768 => ("SD 1.x", "its cross-attention takes 768-wide text"),
            1024 => ("SD 2.x", "its cross-attention takes 1024-wide text"),
            2048 => ("SDXL", "its cross-attention takes 2048-wide text"),
            _ => ("another model family", null),
        };
    }

    private static string? FromVersion(string version)
    {
        var v = version.ToLowerInvariant();
        if (v.Contains("xl", StringComparison.Ordinal))
            return "SDXL";
        if (v.Contains("flux", StringComparison.Ordinal))
            return "Flux";
        if (v.Contains("sd3", StringComparison.Ordinal) || v.Contains("v3", StringComparison.Ordinal))
            return "SD 3";
        if (v.Contains("v2", StringComparison.Ordinal) || v.Contains("2-", StringComparison.Ordinal) || v.Contains("v-2", StringComparison.Ordinal))
            return "SD 2.x";
        if (v.Contains("v1", StringComparison.Ordinal) || v.Contains("1-", StringComparison.Ordinal) || v.Contains("v-1", StringComparison.Ordinal))
            return "SD 1.x";
        return null;
    }
}
