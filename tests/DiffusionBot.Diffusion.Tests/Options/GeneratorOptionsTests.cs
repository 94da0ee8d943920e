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
        var services = Build(new() { ["Generator:MaxLoadedModels"] = "3" });

        Assert.Equal(3, services.GetRequiredService<IOptions<GeneratorOptions>>().Value.MaxLoadedModels);
        Assert.NotNull(services.GetRequiredService<IDiffusionEngine>());
        Assert.Same(services.GetRequiredService<IDiffusionEngine>(), services.GetRequiredService<Core.Ports.ILoadedModels>());
        Assert.Same(services.GetRequiredService<IDiffusionEngine>(), services.GetRequiredService<IDiffusionEngine>());
    }

    [Theory]
    [InlineData("Generator:ModelPath", "/models/sd15", "Generator:ModelPath is no longer read; use add the folder to the catalogue: Models:Entries:<name>:Path")]
    [InlineData("Generator:DefaultScheduler", "euler_a", "Generator:DefaultScheduler is no longer read; use Models:Entries:<name>:Scheduler")]
    [InlineData("Generator:MaxLoadedModels", "0", "MaxLoadedModels")]
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
    public async Task GenerateAsync_EmptyCatalogueAndNoBuiltInModel_SaysWhatToSet()
    {
        var engine = Build([]).GetRequiredService<IDiffusionEngine>();

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() =>
            engine.GenerateAsync(new GenerationRequest("red", Steps: 1, Width: 8, Height: 8), null, TestContext.Current.CancellationToken));

        Assert.Contains("Models__Entries__<name>__Path", error.Message);
    }
}
