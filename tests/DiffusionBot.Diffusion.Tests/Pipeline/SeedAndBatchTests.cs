using DiffusionBot.DemoModels;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>Seeds, batches and grids, on the texture model (its output depends on the noise).</summary>
public sealed class SeedAndBatchTests(DemoModelFolders models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GenerationRequest Request(long seed, string scheduler, int count = 1) =>
        new("grey sky", "black", Seed: seed, Steps: 6, Guidance: 1.5, Width: 64, Height: 64, Count: count, Scheduler: scheduler);

    [Theory]
    [InlineData("euler_a")]
    [InlineData("lcm")]
    [InlineData("dpm++2m")]
    public async Task GenerateAsync_SameSeed_GivesIdenticalBytes(string scheduler)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var first = await engine.GenerateAsync(Request(42, scheduler), null, Ct);
        var second = await engine.GenerateAsync(Request(42, scheduler), null, Ct);

        Assert.Equal(first.Images[0].Png, second.Images[0].Png);
    }

    [Theory]
    [InlineData("euler_a")]
    [InlineData("lcm")]
    public async Task GenerateAsync_DifferentSeed_GivesDifferentImage(string scheduler)
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var first = await engine.GenerateAsync(Request(42, scheduler), null, Ct);
        var second = await engine.GenerateAsync(Request(43, scheduler), null, Ct);

        Assert.NotEqual(first.Images[0].Png, second.Images[0].Png);
        var a = Pixels.Decode(first.Images[0].Png);
        var b = Pixels.Decode(second.Images[0].Png);
        Assert.True(a.Pixels.Zip(b.Pixels).Count(p => p.First != p.Second) > a.Pixels.Length / 10, "the texture should differ in many pixels");
    }

    [Fact]
    public async Task GenerateAsync_DdimWithEta_AddsNoiseFromTheSeedOnly()
    {
        var folder = await models.FolderAsync(DemoModelFolders.Texture);
        using var deterministic = DemoModelFolders.CreateEngine(folder);
        using var stochastic = DemoModelFolders.CreateEngine(folder, options => options.DdimEta = 1);

        var plain = await deterministic.GenerateAsync(Request(42, "ddim"), null, Ct);
        var first = await stochastic.GenerateAsync(Request(42, "ddim"), null, Ct);
        var again = await stochastic.GenerateAsync(Request(42, "ddim"), null, Ct);
        var otherSeed = await stochastic.GenerateAsync(Request(43, "ddim"), null, Ct);

        Assert.NotEqual(plain.Images[0].Png, first.Images[0].Png);
        Assert.Equal(first.Images[0].Png, again.Images[0].Png);
        Assert.NotEqual(first.Images[0].Png, otherSeed.Images[0].Png);
    }

    [Fact]
    public async Task GenerateAsync_NoSeed_UsesInjectedSeedSource()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var result = await engine.GenerateAsync(Request(0, "euler") with { Seed = null }, null, Ct);

        Assert.Equal([1234L], result.Seeds);
    }

    [Fact]
    public async Task GenerateAsync_BatchOfFour_ReturnsFourSeededImagesThatMakeATwoByTwoGrid()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Texture);

        var batch = await engine.GenerateAsync(Request(100, "euler_a", count: 4), null, Ct);
        var single = await engine.GenerateAsync(Request(102, "euler_a"), null, Ct);

        Assert.Equal(4, batch.Images.Count);
        Assert.Equal([100L, 101L, 102L, 103L], batch.Seeds);
        Assert.Equal(4, batch.Images.Select(i => Convert.ToBase64String(i.Png)).Distinct().Count());
        Assert.Equal(single.Images[0].Png, batch.Images[2].Png);
        var grid = Pixels.Decode(ImageGrid.ComposePng([.. batch.Images.Select(i => i.Png)]));
        Assert.Equal((128, 128), (grid.Width, grid.Height));
        var third = Pixels.Decode(batch.Images[2].Png);
        Assert.Equal(third[5, 7], grid[5, 64 + 7]);
        Assert.Equal(third[63, 63], grid[63, 127]);
    }

    [Fact]
    public async Task GenerateAsync_BatchOfTwo_GridIsTwoWide()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var result = await engine.GenerateAsync(new GenerationRequest("red", Seed: 1, Steps: 3, Width: 48, Height: 32, Count: 2, Scheduler: "ddim"), null, Ct);

        var gridPng = ImageGrid.ComposePng([.. result.Images.Select(i => i.Png)]);
        var grid = Pixels.Decode(gridPng);
        Assert.Equal((96, 32), (grid.Width, grid.Height));
        Pixels.AssertUniform(gridPng, OracleSpec.ExpectedDecodedRgb("red", "", 7.5), 2);
    }

    [Fact]
    public async Task GenerateAsync_SingleImage_IsOneImageOfTheAskedSize()
    {
        var engine = await models.EngineAsync(DemoModelFolders.Oracle);

        var result = await engine.GenerateAsync(new GenerationRequest("red", Seed: 1, Steps: 2, Width: 16, Height: 24, Scheduler: "ddim"), null, Ct);

        var image = Pixels.Decode(result.Images[0].Png);
        Assert.Equal((16, 24), (image.Width, image.Height));
    }
}
