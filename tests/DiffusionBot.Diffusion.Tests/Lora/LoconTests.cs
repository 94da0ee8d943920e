using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Tests.TestSupport;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>LoCon: LoRAs on 3×3 and 1×1 convolutions, written here since the shared fixtures only touch attention.</summary>
public sealed class LoconTests
{
    private const string Conv3 = "lora_unet_down_blocks_0_resnets_0_conv1";
    private const string Conv1 = "lora_unet_down_blocks_0_attentions_0_proj_in";

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    /// <summary>A 3×3 LoCon on a resnet conv (down [2, 32, 3, 3], up [32, 2, 1, 1], alpha 1) and a linear-shaped
    /// LoRA on the 1×1 proj_in conv (down [2, 32], up [32, 2], no alpha).</summary>
    private static string WriteLocon(string folder)
    {
        var bytes = SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            [Conv3 + ".lora_down.weight"] = ([2, 32, 3, 3], Values(2 * 32 * 9, 1)),
            [Conv3 + ".lora_up.weight"] = ([32, 2, 1, 1], Values(64, 2)),
            [Conv3 + ".alpha"] = ([], [1f]),
            [Conv1 + ".lora_down.weight"] = ([2, 32], Values(64, 3)),
            [Conv1 + ".lora_up.weight"] = ([32, 2], Values(64, 4)),
        });
        var path = Path.Combine(folder, "locon.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Merge_ConvLayers_EqualBasePlusUpTimesDown()
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-locon-").FullName;
        var network = LoraFileReader.Read(WriteLocon(folder));
        var graph = OnnxGraph.Read(TinySd.Model("sd15", "unet"));

        var merged = LoraMerger.Merge(graph, LoraTargetIndex.Build(graph, LoraComponent.Unet), LoraComponent.Unet, [new LoraApplication(network, 2f)]);

        foreach (var (key, weightName, scale) in new[] { (Conv3, "down_blocks.0.resnets.0.conv1.weight", 0.5f), (Conv1, "down_blocks.0.attentions.0.proj_in.weight", 1f) })
        {
            var module = network.Modules.Single(m => m.Key == key);
            var initializer = graph.Initializers[weightName];
            var baseValues = graph.ReadSingles(initializer);
            var actual = merged.Single(m => m.Initializer.Name == weightName).Singles!;
            var columns = (int)(initializer.ElementCount / initializer.Dims[0]);
            for (var o = 0; o < initializer.Dims[0]; o++)
            {
                for (var c = 0; c < columns; c++)
                {
                    var delta = module.Up[o * 2] * module.Down[c] + module.Up[o * 2 + 1] * module.Down[columns + c];
                    Assert.Equal(baseValues[o * columns + c] + 2f * scale * delta, actual[o * columns + c], 1e-5);
                }
            }
        }
    }

    [Theory]
    [InlineData("sd15")]
    [InlineData("sd15-fp16")]
    public async Task GenerateAsync_WithLocon_ChangesTheImage(string model)
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-locon-").FullName;
        WriteLocon(folder);
        using var engine = DemoModelFolders.CreateEngine(TinySd.Folder(model), o => o.LoraPath = folder);
        var ct = TestContext.Current.CancellationToken;
        var request = new GenerationRequest("a red fox", Seed: 3, Steps: 1, Guidance: 5, Width: 64, Height: 64, Scheduler: "euler");

        var plain = await engine.GenerateAsync(request, null, ct);
        var locon = await engine.GenerateAsync(request with { Loras = [new LoraWeight("locon", 1)] }, null, ct);

        Assert.NotEqual(plain.Images[0].Png, locon.Images[0].Png);
    }
}
