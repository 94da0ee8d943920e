using DiffusionBot.Discord.Models;

namespace DiffusionBot.Bot.Interactions;

/// <summary>🖋's modal: the prompt and the negative prompt as paragraph text inputs, pre-filled from the source job.</summary>
internal static class PromptEditModal
{
    public const string Title = "Edit prompt (new seed)";
    public const string PromptInput = "prompt";
    public const string NegativeInput = "negative";

    /// <summary>Discord's longest text input; longer source texts (Limits:MaxPromptLength allows up to 6,000) cannot be edited here.</summary>
    public const int MaxLength = ComponentValidation.MaxTextInputLength;

    public static InteractionResponse Build(Core.Application.PromptEditForm form) => InteractionResponse.ShowModal(form.CustomId, Title,
        MessageComponent.ActionRow(MessageComponent.TextInput(PromptInput, "Prompt", TextInputStyle.Paragraph, required: true, maxLength: MaxLength, value: form.Prompt)),
        MessageComponent.ActionRow(MessageComponent.TextInput(NegativeInput, "Negative prompt", TextInputStyle.Paragraph, required: false, maxLength: MaxLength,
            value: string.IsNullOrEmpty(form.NegativePrompt) ? null : form.NegativePrompt)));

    public static bool Fits(Core.Application.PromptEditForm form) =>
        form.Prompt.Length <= MaxLength && (form.NegativePrompt?.Length ?? 0) <= MaxLength;
}
