using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

public sealed class ValidationTests(DemoModelFolders models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<GenerationRequest, string> BadRequests => new()
    {
        { new GenerationRequest(""), "prompt is empty" },
        { new GenerationRequest("   \t"), "prompt is empty" },
        { new GenerationRequest("red", Steps: 0), "Steps must be between 1 and 50" },
        { new GenerationRequest("red", Steps: 51), "Steps must be between 1 and 50" },
        { new GenerationRequest("red", Width: 100), "multiples of 8" },
        { new GenerationRequest("red", Height: 0), "multiples of 8" },
        { new GenerationRequest("red", Width: 2056), "largest size is 2048×2048" },
        { new GenerationRequest("red", Height: 2064), "largest size is 2048×2048" },
        { new GenerationRequest("red", Count: 0), "Count must be between 1 and 4" },
        { new GenerationRequest("red", Count: 5), "Count must be between 1 and 4" },
        { new GenerationRequest("red", Guidance: -1), "Guidance must be between 0 and 20" },
        { new GenerationRequest("red", Guidance: double.NaN), "Guidance must be between 0 and 20" },
        { new GenerationRequest("red", Guidance: 21), "Guidance must be between 0 and 20" },
        { new GenerationRequest("red", Scheduler: "bogus"), "Unknown scheduler 'bogus'" },
        { new GenerationRequest("a (red:11) fox"), "gives \"red\" a weight of 11; weights must be between −10 and 10" },
        { new GenerationRequest("a fox", NegativePrompt: "((blue:-9.5))"), "The negative prompt gives \"blue\" a weight of -10.45" },
        { new GenerationRequest("a (red:1.2.3) fox"), "'1.2.3' is not a number" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task GenerateAsync_BadRequest_ThrowsClearError(GenerationRequest request, string expected)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() => engine.GenerateAsync(request, null, Ct));

        Assert.Contains(expected, error.Message);
        Assert.Contains(error.Errors, e => e.Contains(expected));
        Assert.Contains(await engine.ValidateAsync(request, Ct), e => e.Contains(expected));
    }

    [Fact]
    public async Task Validate_SeveralProblems_ListsEachOne()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var errors = await engine.ValidateAsync(new GenerationRequest("", Steps: 0, Width: 12, Count: 9), Ct);

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public async Task Validate_GoodRequestWithDefaults_HasNoErrors()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        Assert.Empty(await engine.ValidateAsync(new GenerationRequest("a red fox", Scheduler: "DPM++2M Karras"), Ct));
        var model = (await engine.GetCatalogAsync(Ct)).Default;
        Assert.Equal(50, model.MaxSteps);
        Assert.Contains("euler_a", model.Schedulers);
    }

    [Fact]
    public async Task GenerateAsync_LongPrompt_ReportsTruncation()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);
        var prompt = string.Join(' ', Enumerable.Repeat("red", 75)) + " green blue";

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, Seed: 1, Steps: 2, Width: 16, Height: 16, Scheduler: "ddim"), null, Ct);

        Assert.True(result.Prompt.WasTruncated);
        Assert.Equal(77, result.Prompt.TokenCount);
        Assert.Equal("green blue", result.Prompt.TruncatedText);
        Assert.Contains("green blue", result.TruncationNote);
        Assert.False(result.NegativePrompt.WasTruncated);
    }

    [Fact]
    public async Task AnalyzePromptAsync_ShortAndLongPrompts_CountAndReportCut()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var shortPrompt = await engine.AnalyzePromptAsync("red (fox:1.2)", Ct);
        var longPrompt = await engine.AnalyzePromptAsync(string.Join(' ', Enumerable.Repeat("blue", 80)), Ct);

        Assert.Equal(2, shortPrompt.Chunks.TokenCount);
        Assert.False(shortPrompt.WasTruncated);
        Assert.Equal(["red fox"], shortPrompt.ChunkTexts);
        Assert.Equal(1.2f, shortPrompt.Chunks.Chunks[0].Weights[2]);
        Assert.Equal(80, longPrompt.Chunks.TokenCount);
        Assert.Equal(1, longPrompt.UsableChunks);
        Assert.True(longPrompt.WasTruncated);
        Assert.Equal("blue blue blue blue blue", longPrompt.TruncatedText);
        Assert.Empty(longPrompt.Problems);
    }

    [Fact]
    public async Task GenerateAsync_ElevenChunks_RefusedBeforeEncoding()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);
        var prompt = string.Join(" BREAK ", Enumerable.Repeat("red", 11));

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() => engine.GenerateAsync(new GenerationRequest(prompt, Steps: 1, Width: 16, Height: 16), null, Ct));

        Assert.Contains("The prompt needs 11 chunks", error.Message);
        Assert.Contains(await engine.CheckPromptsAsync(prompt, null, Ct), e => e.Contains("11 chunks"));
        Assert.Empty(await engine.CheckPromptsAsync("red (fox:2)", "blue", Ct));
    }

    [Fact]
    public async Task CheckPromptsAsync_NegativeWeightOutOfRange_NamesTheNegativePrompt()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var problems = await engine.CheckPromptsAsync("red", "(blue:-12)", Ct);

        Assert.StartsWith("The negative prompt gives \"blue\" a weight of -12", Assert.Single(problems));
    }
}
