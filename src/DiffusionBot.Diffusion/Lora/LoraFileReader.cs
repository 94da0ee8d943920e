using System.Globalization;
using System.Text.RegularExpressions;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>Reads a LoRA .safetensors file in the kohya/AUTOMATIC1111 or the diffusers/PEFT key layout.</summary>
internal static partial class LoraFileReader
{
    public static LoraNetwork Read(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            throw new LoraFileException($"LoRA '{name}' is not a .safetensors file; only safetensors LoRAs are accepted (convert .pt/.ckpt files to safetensors).");
        try
        {
            using var file = SafetensorsFile.Open(path);
            return Read(file, name);
        }
        catch (SafetensorsFormatException ex)
        {
            throw new LoraFileException($"LoRA '{name}' cannot be used: {ex.Message}", ex);
        }
    }

    public static LoraNetwork Read(SafetensorsFile file, string name)
    {
        var parts = new Dictionary<(LoraComponent, string), Parts>();
        var unrecognised = new List<string>();
        var kohya = 0;
        var peft = 0;
        foreach (var tensor in file.Tensors.Values)
        {
            if (KohyaKey().Match(tensor.Name) is { Success: true } k)
            {
                kohya++;
                Add(parts, KohyaComponent(k.Groups["prefix"].Value), k.Groups["module"].Value, k.Groups["prefix"].Value + "_" + k.Groups["module"].Value, k.Groups["part"].Value, tensor);
            }
            else if (PeftKey().Match(tensor.Name) is { Success: true } p)
            {
                peft++;
                var module = p.Groups["module"].Value;
                Add(parts, PeftComponent(p.Groups["prefix"].Value), LoraTargetIndex.Flatten(module), p.Groups["prefix"].Value + "." + module, p.Groups["part"].Value, tensor);
            }
            else
            {
                unrecognised.Add(tensor.Name);
            }
        }

        var modules = new List<LoraModule>(parts.Count);
        foreach (var ((component, flatName), group) in parts)
            modules.Add(ToModule(file, name, component, flatName, group));
        modules.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LoraNetwork(name, kohya >= peft ? LoraKeyLayout.Kohya : LoraKeyLayout.Peft, modules, unrecognised, file.Metadata);
    }

    /// <summary>
    /// What a LoRA file's header says without reading any tensor data: its family evidence, its rank (the largest
    /// when layers differ) and, when it could not be used, why (the same checks <see cref="Read(SafetensorsFile, string)"/> makes on names and shapes).
    /// </summary>
    public static LoraHeader ReadHeader(SafetensorsFile file, string name)
    {
        var parts = new Dictionary<(LoraComponent, string), Parts>();
        var unrecognised = new List<string>();
        foreach (var tensor in file.Tensors.Values)
        {
            if (KohyaKey().Match(tensor.Name) is { Success: true } k)
                Add(parts, KohyaComponent(k.Groups["prefix"].Value), k.Groups["module"].Value, k.Groups["prefix"].Value + "_" + k.Groups["module"].Value, k.Groups["part"].Value, tensor);
            else if (PeftKey().Match(tensor.Name) is { Success: true } p)
                Add(parts, PeftComponent(p.Groups["prefix"].Value), LoraTargetIndex.Flatten(p.Groups["module"].Value), p.Groups["prefix"].Value + "." + p.Groups["module"].Value, p.Groups["part"].Value, tensor);
            else
                unrecognised.Add(tensor.Name);
        }

        string? problem = null;
        long? rank = null;
        foreach (var ((_, _), group) in parts.OrderBy(p => p.Value.Key, StringComparer.Ordinal))
        {
            if (group.Unsupported is { } unsupported)
                problem ??= $"it uses '{unsupported}' on {group.Key} (a LyCORIS/DoRA variant); only plain LoRA and LoCon are supported";
            else if (group.Down is not { } down || group.Up is null)
                problem ??= $"{group.Key} has no {(group.Down is null ? "down" : "up")} weight";
            else if (down.Rank is (2 or 4))
                rank = Math.Max(rank ?? 0, down.Shape[0]);
        }

        if (parts.Count == 0)
            problem ??= "it holds no LoRA layers of a known key layout";
        var evidence = new LoraFamilyEvidence(
            file.Metadata,
            [.. parts.Values.Select(g => g.Key), .. unrecognised],
            parts.Keys.Any(k => k.Item1 == LoraComponent.TextEncoder2),
            InWidth(parts, LoraComponent.TextEncoder, "q_proj"),
            InWidth(parts, LoraComponent.Unet, "attn2_to_k"));
        return new LoraHeader(name, evidence, rank is { } r && r <= int.MaxValue ? (int)r : null, problem);
    }

    /// <summary>Input features of the first matching layer's down weight, from its shape alone.</summary>
    private static long? InWidth(Dictionary<(LoraComponent, string), Parts> parts, LoraComponent component, string suffix) =>
        parts.Where(p => p.Key.Item1 == component && p.Key.Item2.EndsWith(suffix, StringComparison.Ordinal) && p.Value.Down is { Rank: 2 or 4 })
            .OrderBy(p => p.Key.Item2, StringComparer.Ordinal)
            .Select(p => (long?)p.Value.Down!.Shape.Skip(1).Aggregate(1L, (a, b) => a * b))
            .FirstOrDefault();

    private static void Add(Dictionary<(LoraComponent, string), Parts> parts, LoraComponent component, string flatName, string key, string part, SafetensorsTensor tensor)
    {
        if (!parts.TryGetValue((component, flatName), out var group))
            parts[(component, flatName)] = group = new Parts(key);
        switch (part)
        {
            case "lora_down.weight" or "lora_A.weight":
                group.Down = tensor;
                break;
            case "lora_up.weight" or "lora_B.weight":
                group.Up = tensor;
                break;
            case "alpha":
                group.Alpha = tensor;
                break;
            default:
                group.Unsupported = part;
                break;
        }
    }

    private static LoraModule ToModule(SafetensorsFile file, string name, LoraComponent component, string flatName, Parts group)
    {
        if (group.Unsupported is { } unsupported)
            throw new LoraFileException($"LoRA '{name}' uses '{unsupported}' on {group.Key} (a LyCORIS/DoRA variant); only plain LoRA and LoCon (down/up/alpha) are supported.");
        if (group.Down is not { } down || group.Up is not { } up)
            throw new LoraFileException($"LoRA '{name}' is incomplete: {group.Key} has no {(group.Down is null ? "down (lora_down / lora_A)" : "up (lora_up / lora_B)")} weight.");
        if (down.Rank is not (2 or 4) || up.Rank != down.Rank || down.Shape[0] == 0 || up.Shape[1] != down.Shape[0] || up.Shape.Skip(2).Any(d => d != 1))
            throw new LoraFileException($"LoRA '{name}' has mismatched shapes on {group.Key}: down {down.ShapeText}, up {up.ShapeText} (expected down [rank, in(, kh, kw)] and up [out, rank(, 1, 1)]).");
        var rank = down.Shape[0];
        var scale = 1f;
        if (group.Alpha is { } alphaTensor)
        {
            if (alphaTensor.ElementCount != 1)
                throw new LoraFileException($"LoRA '{name}' has an alpha of shape {alphaTensor.ShapeText} on {group.Key}; expected one value.");
            scale = file.ReadSingles(alphaTensor)[0] / rank;
        }
        else if (PeftAlpha(file.Metadata) is { } alpha)
        {
            scale = alpha / rank;
        }

        return new LoraModule(component, flatName, group.Key, file.ReadSingles(down), down.Shape, file.ReadSingles(up), up.Shape, scale);
    }

    /// <summary>A PEFT adapter config's lora_alpha when the file carries one in its metadata (diffusers writes it as JSON).</summary>
    private static float? PeftAlpha(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue("lora_alpha", out var text) && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha))
            return alpha;
        return null;
    }

    private static LoraComponent KohyaComponent(string prefix) => prefix switch
    {
        "lora_unet" => LoraComponent.Unet,
        "lora_te2" => LoraComponent.TextEncoder2,
        _ => LoraComponent.TextEncoder,
    };

    private static LoraComponent PeftComponent(string prefix) => prefix switch
    {
        "unet" => LoraComponent.Unet,
        "text_encoder_2" => LoraComponent.TextEncoder2,
        _ => LoraComponent.TextEncoder,
    };

    [GeneratedRegex(@"^(?<prefix>lora_unet|lora_te1|lora_te2|lora_te)_(?<module>.+?)\.(?<part>lora_down\.weight|lora_up\.weight|alpha|lora_mid\.weight|dora_scale|hada_\w+|lokr_\w+)$")]
    private static partial Regex KohyaKey();

    [GeneratedRegex(@"^(?<prefix>unet|text_encoder_2|text_encoder)\.(?<module>.+?)\.(?<part>lora_A\.weight|lora_B\.weight|alpha|lora_magnitude_vector(?:\.weight)?)$")]
    private static partial Regex PeftKey();

    private sealed class Parts(string key)
    {
        public string Key { get; } = key;

        public SafetensorsTensor? Down { get; set; }

        public SafetensorsTensor? Up { get; set; }

        public SafetensorsTensor? Alpha { get; set; }

        public string? Unsupported { get; set; }
    }
}
