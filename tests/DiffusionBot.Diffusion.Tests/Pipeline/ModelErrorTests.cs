using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

public sealed class ModelErrorTests(DemoModelFolders models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly GenerationRequest Small = new("red", Seed: 1, Steps: 2, Width: 16, Height: 16, Scheduler: "ddim");

    [Fact]
    public async Task GenerateAsync_MissingModelFolder_NamesFolderAndSetting()
    {
        var missing = Path.Combine(models.Root, "does-not-exist");
        using var engine = DemoModelFolders.CreateEngine(missing);

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.GenerateAsync(Small, null, Ct));

        Assert.Contains(missing, error.Message);
        Assert.Contains("Models:Entries:<name>:Path", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_MissingUnetFile_NamesTheFile()
    {
        var folder = await models.ScratchFolderAsync(DemoModelFolders.NoExtras);
        File.Delete(Path.Combine(folder, "unet", "model.onnx"));
        using var engine = DemoModelFolders.CreateEngine(folder);

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.GenerateAsync(Small, null, Ct));

        Assert.Contains(Path.Combine("unet", "model.onnx"), error.Message);
        Assert.Contains("incomplete", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_CorruptOnnxFile_NamesTheFileAndTheFix()
    {
        var folder = await models.ScratchFolderAsync(DemoModelFolders.NoExtras);
        var unet = Path.Combine(folder, "unet", "model.onnx");
        await File.WriteAllBytesAsync(unet, [0x08, 0x07, 0xFF, 0xFF, 0x12, 0x34, 0x00, 0x01], Ct);
        using var engine = DemoModelFolders.CreateEngine(folder);

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.GenerateAsync(Small, null, Ct));

        Assert.Contains(unet, error.Message);
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_SchedulerConfigUnfitForScheduler_NamesTheFileAndKey()
    {
        var folder = await models.ScratchFolderAsync(DemoModelFolders.NoExtras);
        var config = Path.Combine(folder, "scheduler", "scheduler_config.json");
        var json = await File.ReadAllTextAsync(config, Ct);
        Assert.Contains("\"steps_offset\": 1,", json);
        await File.WriteAllTextAsync(config, json.Replace("\"steps_offset\": 1,", "\"steps_offset\": 999,", StringComparison.Ordinal), Ct);
        using var engine = DemoModelFolders.CreateEngine(folder);

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.GenerateAsync(Small, null, Ct));

        Assert.Contains(config, error.Message);
        Assert.Contains("steps_offset", error.Message);
    }

    [Theory]
    [InlineData("model_index.json")]
    [InlineData("vae_decoder/config.json")]
    public async Task GenerateAsync_ConfigFileNotAJsonObject_NamesTheFile(string relativePath)
    {
        var folder = await models.ScratchFolderAsync(DemoModelFolders.NoExtras);
        var file = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "[]", Ct);
        using var engine = DemoModelFolders.CreateEngine(folder);

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.GenerateAsync(Small, null, Ct));

        Assert.Contains(Path.GetFullPath(file), error.Message);
        Assert.Contains("JSON object", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_CudaOnCpuBuild_SaysHowToGetCuda()
    {
        var folder = await models.FolderAsync(DemoModelFolders.NoExtras);
        using var engine = DemoModelFolders.CreateEngine(folder, o => o.ExecutionProvider = ExecutionProviderKind.Cuda);

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.GenerateAsync(Small, null, Ct));

        Assert.Contains("-p:OnnxRuntimeFlavor=Gpu", error.Message);
        Assert.Contains("CUDA image", error.Message);
    }

    [Fact]
    public async Task VaryAsync_ModelWithoutVaeEncoder_NamesTheMissingFile()
    {
        var folder = await models.ScratchFolderAsync(DemoModelFolders.NoExtras);
        File.Delete(Path.Combine(folder, "vae_encoder", "model.onnx"));
        using var engine = DemoModelFolders.CreateEngine(folder);
        var png = Imaging.PngCodec.Encode(new Imaging.RgbImage(16, 16));

        var error = await Assert.ThrowsAsync<DiffusionModelException>(() => engine.VaryAsync(new VariationRequest(png, "red"), null, Ct));

        Assert.Contains(Path.Combine("vae_encoder", "model.onnx"), error.Message);
    }

    [Theory]
    [InlineData(false, TensorElementType.Float, TensorElementType.Float)]
    [InlineData(true, TensorElementType.Float16, TensorElementType.Float16)]
    public async Task UnetModel_ReadsTypesFromMetadata(bool float16, TensorElementType sample, TensorElementType timestep)
    {
        var folder = await models.FolderAsync(float16 ? DemoModelFolders.Float16 : DemoModelFolders.Oracle);
        using var onnx = new OnnxSessionFactory(new GeneratorOptions()).Load(Path.Combine(folder, "unet", "model.onnx"));

        var unet = new UnetModel(onnx);

        Assert.Equal(sample, unet.SampleType);
        Assert.Equal(timestep, unet.TimestepType);
        Assert.Equal(4, unet.LatentChannels);
    }

    [Fact]
    public async Task UnetModel_Int64Timestep_IsDetected()
    {
        var folder = await models.FolderAsync(DemoModelFolders.Int64Timestep);
        using var onnx = new OnnxSessionFactory(new GeneratorOptions()).Load(Path.Combine(folder, "unet", "model.onnx"));

        Assert.Equal(TensorElementType.Int64, new UnetModel(onnx).TimestepType);
    }
}
