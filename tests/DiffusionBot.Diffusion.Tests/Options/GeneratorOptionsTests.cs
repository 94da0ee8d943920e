using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Randomness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Tests.Options;

public sealed class GeneratorOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddDiffusionEngine(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddDiffusionEngine_DefaultSection_IsValidAndResolvesEngine()
    {
        var services = Build(new() { ["Generator:ModelPath"] = "/models/sd15" });

        Assert.Equal("/models/sd15", services.GetRequiredService<IOptions<GeneratorOptions>>().Value.ModelPath);
        Assert.NotNull(services.GetRequiredService<IDiffusionEngine>());
        Assert.Same(services.GetRequiredService<IDiffusionEngine>(), services.GetRequiredService<IDiffusionEngine>());
    }

    [Theory]
    [InlineData("Generator:DefaultSteps", "80", "DefaultSteps")]
    [InlineData("Generator:MaxWidth", "1001", "multiples of 8")]
    [InlineData("Generator:DefaultScheduler", "bogus", "DefaultScheduler")]
    [InlineData("Generator:MaxSteps", "0", "MaxSteps")]
    [InlineData("Generator:UpscaleTileOverlap", "200", "UpscaleTileOverlap")]
    [InlineData("Generator:DdimEta", "1.5", "DdimEta")]
    [InlineData("Generator:ExecutionProvider", "Cuda", "-p:OnnxRuntimeFlavor=Gpu")]
    [InlineData("Generator:NoiseSource", "7", "Generator:NoiseSource '7' is unknown; use one of: cpu, nv, xoshiro")]
    [InlineData("Generator:LoraPath", "/no/such/lora/folder", "Generator:LoraPath")]
    [InlineData("Generator:EmbeddingPath", "/no/such/embedding/folder", "Generator:EmbeddingPath")]
    [InlineData("Generator:MaxLoraSessions", "0", "MaxLoraSessions")]
    public void AddDiffusionEngine_InvalidSetting_FailsWithItsName(string key, string value, string expected)
    {
        var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GeneratorOptions>>().Value);

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(null, NoiseSourceKind.Cpu)]
    [InlineData("nv", NoiseSourceKind.Nv)]
    [InlineData("Xoshiro", NoiseSourceKind.Xoshiro)]
    public void AddDiffusionEngine_NoiseSource_BindsByNameAndDefaultsToCpu(string? value, NoiseSourceKind expected)
    {
        var services = Build(new() { ["Generator:NoiseSource"] = value });

        Assert.Equal(expected, services.GetRequiredService<IOptions<GeneratorOptions>>().Value.NoiseSource);
    }

    [Fact]
    public async Task GenerateAsync_NoModelPathConfigured_SaysWhatToSet()
    {
        var engine = Build([]).GetRequiredService<IDiffusionEngine>();

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() =>
            engine.GenerateAsync(new GenerationRequest("red", Steps: 1, Width: 8, Height: 8), null, TestContext.Current.CancellationToken));

        Assert.Contains("Generator__ModelPath", error.Message);
    }
}
