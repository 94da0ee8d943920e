using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>Which generator the engine draws initial and ancestral noise from, on the texture model (its output
/// depends on the noise).</summary>
public sealed class NoiseSourceTests(DemoModelFolders models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GenerationRequest Request(long seed, string? noiseSource, int count = 1, string scheduler = "euler_a") =>
        new("grey sky", "black", Seed: seed, Steps: 4, Guidance: 1.5, Width: 32, Height: 32, Count: count, Scheduler: scheduler, NoiseSource: noiseSource);

    [Fact]
    public async Task GenerateAsync_EachNoiseSource_DrawsDifferentNoiseAndSaysWhichItUsed()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var results = new Dictionary<string, GenerationResult>();
        foreach (var name in NoiseSources.Names)
            results[name] = await engine.GenerateAsync(Request(7, name), null, Ct);

        Assert.All(results, r => Assert.Equal(r.Key, r.Value.NoiseSource));
        Assert.Equal(3, results.Values.Select(r => Convert.ToBase64String(r.Images[0].Png)).Distinct().Count());
    }

    [Fact]
    public async Task GenerateAsync_NoNoiseSourceNamed_UsesGeneratorNoiseSource()
    {
        var folder = await models.FolderAsync(DemoModelFolders.Texture);
        using var nvByDefault = DemoModelFolders.CreateEngine(folder, o => o.NoiseSource = NoiseSourceKind.Nv);
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var configured = await nvByDefault.GenerateAsync(Request(7, null), null, Ct);
        var named = await engine.GenerateAsync(Request(7, "NV"), null, Ct);
        var builtInDefault = await engine.GenerateAsync(Request(7, null), null, Ct);

        Assert.Equal("nv", configured.NoiseSource);
        Assert.Equal(named.Images[0].Png, configured.Images[0].Png);
        Assert.Equal("cpu", builtInDefault.NoiseSource);
    }

    [Theory]
    [InlineData("cpu", "euler_a")]
    [InlineData("nv", "euler_a")]
    [InlineData("cpu", "lcm")]
    [InlineData("xoshiro", "euler_a")]
    public async Task GenerateAsync_BatchImage_EqualsThatSeedGeneratedAlone(string noiseSource, string scheduler)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var batch = await engine.GenerateAsync(Request(500, noiseSource, count: 3, scheduler), null, Ct);
        var alone = await engine.GenerateAsync(Request(502, noiseSource, scheduler: scheduler), null, Ct);

        Assert.Equal(alone.Images[0].Png, batch.Images[2].Png);
    }

    [Fact]
    public async Task GenerateAsync_UnknownNoiseSource_RefusedWithTheValidNames()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() => engine.GenerateAsync(Request(1, "gpu"), null, Ct));

        Assert.Contains("Unknown noise source 'gpu'; use one of: cpu, nv, xoshiro.", error.Message);
        Assert.Contains("Unknown noise source 'gpu'; use one of: cpu, nv, xoshiro.", await engine.ValidateAsync(Request(1, "gpu"), Ct));
    }
}
