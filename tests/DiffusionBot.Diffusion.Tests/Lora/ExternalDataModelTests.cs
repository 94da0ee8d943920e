using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Tests.TestSupport;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>The miniature SD 1.5 with its UNet and text encoder weights in external data files (how every fp32 SD 1.5
/// UNet over 2 GB is exported) must give the very images the single-file model gives: plain, with a LoRA (its base
/// weights read from the data file) and with an embedding (the token table read from the data file).</summary>
public sealed class ExternalDataModelTests
{
    private static GenerationRequest Request(string prompt, IReadOnlyList<LoraWeight>? loras = null) =>
        new(prompt, Seed: 7, Steps: 1, Guidance: 5, Width: 64, Height: 64, Scheduler: "euler", Loras: loras);

    private static string ExternalDataCopy()
    {
        var folder = TinySdModels.LinkedCopy("sd15");
        foreach (var component in new[] { "unet", "text_encoder" })
        {
            var target = Path.Combine(folder, component, "model.onnx");
            File.Delete(target);
            Assert.True(ExternalDataModels.Convert(TinySd.Model("sd15", component), target) > 10);
        }

        return folder;
    }

    [Fact]
    public async Task GenerateAsync_ExternalDataModel_IsBitForBitTheSingleFileModelWithAndWithoutLoraAndEmbedding()
    {
        var folder = ExternalDataCopy();
        var graph = OnnxGraph.Read(Path.Combine(folder, "unet", "model.onnx"));
        Assert.Contains(graph.Initializers.Values, i => i.ExternalFile == Path.Combine(folder, "unet", ExternalDataModels.DataFileName));
        static void Configure(GeneratorOptions o)
        {
            o.LoraPath = TinySd.LoraFolder;
            o.EmbeddingPath = TinySd.EmbeddingFolder;
        }

        using var singleFile = TinySdModels.CreateEngine(TinySd.Folder("sd15"), configure: Configure);
        using var external = TinySdModels.CreateEngine(folder, configure: Configure);
        var ct = TestContext.Current.CancellationToken;
        GenerationRequest[] requests =
        [
            Request("a red fox in the snow"),
            Request("a red fox in the snow", [new LoraWeight("style-kohya", 0.8)]),
            Request("a fluffystyle fox", [new LoraWeight("style-peft", 1)]),
        ];

        var images = new List<byte[]>();
        foreach (var request in requests)
        {
            var expected = await singleFile.GenerateAsync(request, null, ct);
            var actual = await external.GenerateAsync(request, null, ct);
            Assert.Equal(expected.Images[0].Png, actual.Images[0].Png);
            images.Add(actual.Images[0].Png.ToArray());
        }

        Assert.Equal(requests.Length, images.Select(Convert.ToBase64String).Distinct().Count());
    }
}
