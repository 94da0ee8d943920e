using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Turns a request's <c>&lt;lora:…&gt;</c> prompt tags into its LoRA list: the tags leave the prompt, their
/// LoRAs follow the request's own <see cref="LoraWeight"/> list (a name in both is refused as a duplicate). Tags in the
/// negative prompt are removed and ignored, as a LoRA cannot be applied to one side of the guidance only.</summary>
internal static class PromptLoras
{
    public static (string Prompt, string? NegativePrompt, IReadOnlyList<LoraWeight>? Loras, IReadOnlyList<string> Problems) Apply(
        string prompt, string? negativePrompt, IReadOnlyList<LoraWeight>? explicitLoras)
    {
        var tags = LoraPromptTags.Extract(prompt);
        var negative = negativePrompt is null ? null : LoraPromptTags.Strip(negativePrompt);
        if (tags.Loras.Count == 0)
            return (tags.Text, negative, explicitLoras, tags.Problems);
        IReadOnlyList<LoraWeight> loras = [.. explicitLoras ?? [], .. tags.Loras];
        return (tags.Text, negative, loras, tags.Problems);
    }
}
