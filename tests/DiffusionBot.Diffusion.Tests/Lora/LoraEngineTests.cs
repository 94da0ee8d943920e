using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Tests.TestSupport;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>One engine per miniature model for the class (sessions load once), with the shared LoRA folder.</summary>
public sealed class TinySdEngines : IDisposable
{
    private readonly Dictionary<(string, bool), DiffusionEngine> _engines = [];
    private readonly Lock _gate = new();

    public DiffusionEngine Get(string model, bool embeddings)
    {
        lock (_gate)
        {
            if (!_engines.TryGetValue((model, embeddings), out var engine))
            {
                _engines[(model, embeddings)] = engine = DemoModelFolders.CreateEngine(TinySd.Folder(model), o =>
                {
                    o.LoraPath = TinySd.LoraFolder;
                    o.EmbeddingPath = embeddings ? TinySd.EmbeddingFolder : null;
                    o.MaxLoraSessions = 4;
                });
            }

            return engine;
        }
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values)
            engine.Dispose();
    }
}

/// <summary>LoRAs and embeddings through the whole engine on the miniature SD 1.5.</summary>
public sealed class LoraEngineTests(TinySdEngines engines) : IClassFixture<TinySdEngines>
{
    private static GenerationRequest Request(string prompt = "a red fox in the snow", IReadOnlyList<LoraWeight>? loras = null) =>
        new(prompt, Seed: 7, Steps: 1, Guidance: 5, Width: 64, Height: 64, Scheduler: "euler", Loras: loras);

    private DiffusionEngine Engine(string model = "sd15", bool embeddings = false) => engines.Get(model, embeddings);

    [Theory]
    [InlineData("sd15", "style-kohya")]
    [InlineData("sd15", "style-peft")]
    [InlineData("sd15-fp16", "style-kohya")]
    [InlineData("sdxl", "sdxl-style-kohya")]
    public async Task GenerateAsync_WithLora_ChangesTheImage(string model, string lora)
    {
        var engine = Engine(model);
        var ct = TestContext.Current.CancellationToken;

        var plain = await engine.GenerateAsync(Request(), null, ct);
        var styled = await engine.GenerateAsync(Request(loras: [new LoraWeight(lora, 1.0)]), null, ct);

        Assert.NotEqual(plain.Images[0].Png, styled.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_LoraAtWeightZero_IsBitForBitTheBaseImage()
    {
        var engine = Engine();
        var ct = TestContext.Current.CancellationToken;

        var plain = await engine.GenerateAsync(Request(), null, ct);
        var zero = await engine.GenerateAsync(Request(loras: [new LoraWeight("style-kohya", 0)]), null, ct);

        Assert.Equal(plain.Images[0].Png, zero.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_SameLorasAgain_ReusesTheCachedSessionAndRepeatsTheImage()
    {
        var engine = Engine();
        var ct = TestContext.Current.CancellationToken;
        LoraWeight[] loras = [new("style-kohya", 0.7), new("style-peft", -0.3)];

        var first = await engine.GenerateAsync(Request(loras: loras), null, ct);
        var again = await engine.GenerateAsync(Request(loras: [.. loras.Reverse()]), null, ct);

        Assert.Equal(first.Images[0].Png, again.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_LoraForAnotherFamily_FailsWithRequestErrorNamingTheFamily()
    {
        var engine = Engine();

        var ex = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.GenerateAsync(Request(loras: [new LoraWeight("sdxl-style-kohya", 1)]), null, TestContext.Current.CancellationToken));

        Assert.Contains("SDXL", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-lora", 1, "no LoRA named")]
    [InlineData("../sd15/unet/model", 1, "not a LoRA name")]
    [InlineData("style-kohya", 2.5, "between -2 and 2")]
    [InlineData("style-kohya", double.NaN, "between -2 and 2")]
    public async Task GenerateAsync_BadLoraReference_FailsWithRequestError(string name, double weight, string expected)
    {
        var engine = Engine();

        var ex = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.GenerateAsync(Request(loras: [new LoraWeight(name, weight)]), null, TestContext.Current.CancellationToken));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_LoraTagInPrompt_IsBitForBitTheExplicitLoraWithTheTagFreePrompt()
    {
        var engine = Engine();
        var ct = TestContext.Current.CancellationToken;

        var tagged = await engine.GenerateAsync(Request("a red fox in the snow <lora:style-kohya:0.8>") with { NegativePrompt = "blurry <lora:style-peft:1>" }, null, ct);
        var explicitLora = await engine.GenerateAsync(Request(loras: [new LoraWeight("style-kohya", 0.8)]) with { NegativePrompt = "blurry" }, null, ct);
        var plain = await engine.GenerateAsync(Request() with { NegativePrompt = "blurry" }, null, ct);

        Assert.Equal(explicitLora.Images[0].Png, tagged.Images[0].Png);
        Assert.NotEqual(plain.Images[0].Png, tagged.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_WithLora_ReportsTheShortSha256OfTheTensorData()
    {
        var file = TinySd.Lora("style-kohya.safetensors");
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        var dataStart = 8 + (int)BitConverter.ToInt64(bytes, 0);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(dataStart)))[..12];

        var result = await Engine().GenerateAsync(Request("a fox <lora:style-kohya:0.5>"), null, TestContext.Current.CancellationToken);
        var plain = await Engine().GenerateAsync(Request("a fox <lora:style-kohya:0>"), null, TestContext.Current.CancellationToken);

        Assert.Equal([new KeyValuePair<string, string>("style-kohya", expected)], result.LoraHashes);
        Assert.Empty(plain.LoraHashes);
    }

    [Fact]
    public async Task CheckPromptsAsync_UnknownLoraTag_IsRefusedNamingTheClosestFile()
    {
        var problems = await Engine().CheckPromptsAsync("a fox <lora:style-kohia:0.8>", null, TestContext.Current.CancellationToken);

        var problem = Assert.Single(problems);
        Assert.Contains("no LoRA named 'style-kohia'", problem, StringComparison.Ordinal);
        Assert.Contains("'style-kohya'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPromptsAsync_KnownLoraTag_HasNoProblems()
    {
        var problems = await Engine().CheckPromptsAsync("a fox <lora:style-kohya:0.8>", "ugly <lora:whatever>", TestContext.Current.CancellationToken);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task GenerateAsync_EmbeddingTrigger_UsesTheEmbeddingVectors()
    {
        var withEmbeddings = Engine(embeddings: true);
        var without = Engine(embeddings: false);
        var ct = TestContext.Current.CancellationToken;
        var request = Request("a fluffystyle fox");

        var embedded = await withEmbeddings.GenerateAsync(request, null, ct);
        var plain = await without.GenerateAsync(request, null, ct);
        var unrelated = await withEmbeddings.GenerateAsync(Request("a red fox in the snow"), null, ct);
        var unrelatedPlain = await without.GenerateAsync(Request("a red fox in the snow"), null, ct);

        Assert.NotEqual(plain.Images[0].Png, embedded.Images[0].Png);
        Assert.Equal(4, embedded.Prompt.TokenCount); // "a", the embedding's two vectors, "fox"
        Assert.Equal(unrelatedPlain.Images[0].Png, unrelated.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_EmbeddingTriggerWithTextEncoderLora_KeepsTheEmbeddingRows()
    {
        var engine = Engine(embeddings: true);
        var ct = TestContext.Current.CancellationToken;
        var request = Request("a fluffystyle fox");

        var embedded = await engine.GenerateAsync(request, null, ct);
        var withLora = await engine.GenerateAsync(request with { Loras = [new LoraWeight("style-peft", 1)] }, null, ct);

        Assert.NotEqual(embedded.Images[0].Png, withLora.Images[0].Png);
        Assert.Equal(4, withLora.Prompt.TokenCount);
    }
}
