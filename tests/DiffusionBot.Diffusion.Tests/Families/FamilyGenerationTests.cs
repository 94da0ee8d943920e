using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Tests.Families;

/// <summary>Every fixture family generates at its default and at a small size, and each ONNX session receives the
/// inputs its family requires.</summary>
public sealed class FamilyGenerationTests(TinySdModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> All => TinySdModels.All;

    [Theory]
    [MemberData(nameof(All))]
    public async Task GenerateAsync_NoSizeGiven_GeneratesAtTheModelsNativeSize(string name)
    {
        var engine = models.Engine(name);
        var defaults = await engine.GetModelDefaultsAsync(Ct);
        var runs = models.Observer.Capture();

        var result = await engine.GenerateAsync(new GenerationRequest("a red fox in the snow", Steps: 1), null, Ct);

        Assert.Equal((defaults.Width, defaults.Height), (result.Width, result.Height));
        var image = PngCodec.Decode(result.Images[0].Png);
        Assert.Equal((defaults.Width, defaults.Height), (image.Width, image.Height));
        var sample = Assert.Single(runs, r => r.Component == "unet").Inputs["sample"];
        Assert.Equal(new long[] { defaults.Guidance > 1 ? 2 : 1, 4, defaults.Height / 8, defaults.Width / 8 }, sample.Shape);
        Assert.All(sample.Values, v => Assert.True(float.IsFinite(v)));
        var decoded = Assert.Single(runs, r => r.Component == "vae_decoder");
        Assert.Equal(new long[] { 1, 4, defaults.Height / 8, defaults.Width / 8 }, decoded.Inputs["latent_sample"].Shape);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task GenerateAsync_SmallSize_RunsEverySessionAtThatSize(string name)
    {
        var engine = models.Engine(name);
        var runs = models.Observer.Capture();

        var result = await engine.GenerateAsync(new GenerationRequest("a lighthouse", Width: 96, Height: 64, Steps: 2, Guidance: 5, Scheduler: "euler"), null, Ct);

        Assert.Equal((96, 64), (result.Width, result.Height));
        var unet = runs.First(r => r.Component == "unet");
        Assert.Equal(new long[] { 2, 4, 8, 12 }, unet.Inputs["sample"].Shape);
        Assert.Equal(77, unet.Inputs["encoder_hidden_states"].Shape[1]);
        Assert.Empty(unet.Inputs["timestep"].Shape);
    }

    [Theory]
    [InlineData("sd15", 72)]
    [InlineData("sdxl", 48)]
    public async Task GenerateAsync_SizeOffTheModelsGrid_IsRefusedNamingTheStep(string name, int width)
    {
        var engine = models.Engine(name);

        var error = await Assert.ThrowsAsync<DiffusionRequestException>(() =>
            engine.GenerateAsync(new GenerationRequest("a cat", Width: width, Height: 64, Steps: 1), null, Ct));

        Assert.Contains("multiples of", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_Float16Export_FeedsFloat16TensorsAndARankZeroTimestep()
    {
        var engine = models.Engine("sd15-fp16");
        var runs = models.Observer.Capture();

        await engine.GenerateAsync(new GenerationRequest("a teapot", Width: 64, Height: 64, Steps: 2, Guidance: 7), null, Ct);

        var unet = runs.First(r => r.Component == "unet");
        Assert.Equal(TensorElementType.Float16, unet.Inputs["sample"].Type);
        Assert.Equal(TensorElementType.Float16, unet.Inputs["encoder_hidden_states"].Type);
        Assert.Equal(TensorElementType.Float16, unet.Inputs["timestep"].Type);
        Assert.Empty(unet.Inputs["timestep"].Shape);
        Assert.Equal(TensorElementType.Int64, runs.First(r => r.Component == "text_encoder").Inputs["input_ids"].Type);
    }

    [Fact]
    public async Task GenerateAsync_TurboWithNoOptions_OneTrailingStepWithoutAnUncondHalf()
    {
        var engine = models.Engine("sd-turbo");
        var runs = models.Observer.Capture();

        var result = await engine.GenerateAsync(new GenerationRequest("a bowl of fruit"), null, Ct);

        Assert.Equal((256, 256, 1, 0.0, "euler"), (result.Width, result.Height, result.Steps, result.Guidance, result.SchedulerName));
        var unet = Assert.Single(runs, r => r.Component == "unet");
        Assert.Equal(1, unet.Inputs["sample"].Shape[0]);
        Assert.Equal(1, unet.Inputs["encoder_hidden_states"].Shape[0]);
        Assert.Equal(999f, unet.Inputs["timestep"].Values[0]);
        Assert.Single(runs, r => r.Component == "text_encoder");
    }

    [Fact]
    public async Task GenerateAsync_Sd21PadsWithExclamationMark_AsItsTokenizerConfigSays()
    {
        var engine = models.Engine("sd21-v");
        var runs = models.Observer.Capture();

        await engine.GenerateAsync(new GenerationRequest("a cat", Width: 64, Height: 64, Steps: 1, Guidance: 0), null, Ct);

        var ids = Assert.Single(runs, r => r.Component == "text_encoder").Inputs["input_ids"].Values;
        Assert.Equal(new[] { 49406f, 320f, 2368f, 49407f }, ids[..4]);
        Assert.All(ids[4..], id => Assert.Equal(0f, id));
    }
}
