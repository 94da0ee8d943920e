using DiffusionBot.Diffusion.Prompting;

namespace DiffusionBot.Diffusion.Tests.Prompting;

public sealed class LoraPromptTagsTests
{
    public static TheoryData<string, string, string, string?> Cases => new()
    {
        // prompt, text CLIP sees, "name=weight;…", expected problem (substring) or null
        { "a fox", "a fox", "", null },
        { "a fox <lora:style-kohya:0.8>", "a fox ", "style-kohya=0.8", null },
        { "<lora:style-kohya> a fox", " a fox", "style-kohya=1", null },
        { "a <LoRA:style-peft:-0.5> fox", "a  fox", "style-peft=-0.5", null },
        { "(a fox:1.2) <lora:style-kohya: 0.3 ><lora:style-peft:1>", "(a fox:1.2) ", "style-kohya=0.3;style-peft=1", null },
        { "a fox <hypernet:x:1>", "a fox <hypernet:x:1>", "", null },
        { "a fox <lora:style-kohya:2.5>", "a fox ", "", "between -2 and 2" },
        { "a fox <lora:style-kohya:-2>", "a fox ", "style-kohya=-2", null },
        { "a fox <lora:style-kohya:NaN>", "a fox ", "", "between -2 and 2" },
        { "a fox <lora:style-kohya:abc>", "a fox ", "", "is not a number" },
        { "a fox <lora:../etc/passwd:1>", "a fox ", "", "not a LoRA name" },
        { "a fox <lora::1>", "a fox ", "", "not a LoRA name" },
        { "<lora:style-kohya:1> <lora:STYLE-KOHYA:0.5>", " ", "style-kohya=1", "more than once" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Extract_Prompt_GivesTextLorasAndProblems(string prompt, string text, string loras, string? problem)
    {
        var result = LoraPromptTags.Extract(prompt);

        Assert.Equal(text, result.Text);
        Assert.Equal(loras, string.Join(";", result.Loras.Select(l => $"{l.Name}={l.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}")));
        if (problem is null)
            Assert.Empty(result.Problems);
        else
            Assert.Contains(result.Problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Strip_NegativePrompt_RemovesEveryLoraTag()
    {
        Assert.Equal("blurry, ", LoraPromptTags.Strip("blurry, <lora:style-kohya:0.5><lora:bad name?:9>"));
    }
}
