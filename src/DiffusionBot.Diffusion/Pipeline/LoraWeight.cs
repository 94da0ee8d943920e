namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>A LoRA to apply to a request: its name (the file name in Generator:LoraPath without ".safetensors")
/// and its strength (1 = as trained, 0 = off, negative = the opposite).</summary>
public sealed record LoraWeight(string Name, double Weight)
{
    /// <summary>Largest accepted |Weight|, for the request's list and for <c>&lt;lora:name:weight&gt;</c> prompt tags alike.</summary>
    public const double MaxAbsWeight = 2.0;

    /// <summary>Most LoRAs in one request.</summary>
    public const int MaxPerRequest = 8;

    /// <summary>Whether <paramref name="weight"/> is a number within ±<see cref="MaxAbsWeight"/>.</summary>
    public static bool IsAccepted(double weight) => !double.IsNaN(weight) && Math.Abs(weight) <= MaxAbsWeight;

    /// <summary>Every rule a request's LoRA list breaks, in words fit to show the user.</summary>
    public static IEnumerable<string> Check(IReadOnlyList<LoraWeight>? loras)
    {
        if (loras is null)
            yield break;
        if (loras.Count > MaxPerRequest)
            yield return $"At most {MaxPerRequest} LoRAs can be used at once (got {loras.Count}).";
        foreach (var lora in loras)
        {
            if (!Lora.LoraLibrary.IsValidName(lora.Name))
                yield return $"'{lora.Name}' is not a LoRA name (letters, digits, spaces, '.', '-' and '_' only).";
            if (!IsAccepted(lora.Weight))
                yield return $"The weight of LoRA '{lora.Name}' must be between {-MaxAbsWeight} and {MaxAbsWeight} (got {lora.Weight}).";
        }

        foreach (var duplicate in loras.GroupBy(l => l.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return $"LoRA '{duplicate.Key}' is named more than once; give it once with the weight you want.";
    }
}
