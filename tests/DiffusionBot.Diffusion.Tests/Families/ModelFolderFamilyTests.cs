using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Families;

/// <summary>The family, size rule, VAE factor and defaults come from the folder's own configs.</summary>
public sealed class ModelFolderFamilyTests
{
    [Theory]
    [InlineData("sd15", ModelFamily.StableDiffusion1, ModelDistillation.None, 32, 16, 0.18215f, false)]
    [InlineData("sd15-fp16", ModelFamily.StableDiffusion1, ModelDistillation.None, 32, 16, 0.18215f, false)]
    [InlineData("sd21-v", ModelFamily.StableDiffusion2, ModelDistillation.None, 48, 16, 0.18215f, false)]
    [InlineData("sd-turbo", ModelFamily.StableDiffusion2, ModelDistillation.Turbo, 32, 16, 0.18215f, false)]
    [InlineData("sdxl", ModelFamily.StableDiffusionXL, ModelDistillation.None, 64, 32, 0.13025f, true)]
    public void Open_TinyFixture_ReadsFamilyFromItsConfigs(string name, ModelFamily family, ModelDistillation distillation, int sampleSize,
        int sizeMultiple, float vaeScaling, bool zerosForEmptyNegative)
    {
        var folder = ModelFolder.Open(TinySdModels.Folder(name));

        Assert.Equal(family, folder.Family);
        Assert.Equal(distillation, folder.Distillation);
        Assert.Equal(sampleSize, folder.SampleSize);
        Assert.Equal(sizeMultiple, folder.SizeMultiple);
        Assert.Equal(vaeScaling, folder.VaeScalingFactor);
        Assert.Equal(zerosForEmptyNegative, folder.ForceZerosForEmptyPrompt);
    }

    [Theory]
    [InlineData("sd15", 256, 25, 7.5, "euler_a")]
    [InlineData("sd21-v", 384, 25, 7.5, "euler_a")]
    [InlineData("sd-turbo", 256, 1, 0.0, "euler")]
    [InlineData("sdxl", 512, 25, 7.5, "euler_a")]
    public void Defaults_TinyFixture_NativeSizeAndDistilledSettings(string name, int size, int steps, double guidance, string scheduler)
    {
        var defaults = ModelFolder.Open(TinySdModels.Folder(name)).Defaults();

        Assert.Equal(new ModelDefaults(size, size, steps, guidance, scheduler), defaults);
    }

    [Fact]
    public void Open_SdxlWithoutTextEncoder2_NamesFolderFileAndFix()
    {
        var copy = TinySdModels.LinkedCopy("sdxl");
        File.Delete(Path.Combine(copy, "text_encoder_2", "model.onnx"));

        var error = Assert.Throws<DiffusionModelException>(() => ModelFolder.Open(copy));

        Assert.Contains(copy, error.Message);
        Assert.Contains(Path.Combine("text_encoder_2", "model.onnx"), error.Message);
        Assert.Contains("optimum-cli export onnx", error.Message);
    }

    [Fact]
    public void Open_SdxlWithoutSecondTokenizer_ListsTheMissingFiles()
    {
        var copy = TinySdModels.LinkedCopy("sdxl");
        File.Delete(Path.Combine(copy, "tokenizer_2", "merges.txt"));

        var error = Assert.Throws<DiffusionModelException>(() => ModelFolder.Open(copy));

        Assert.Contains(Path.Combine("tokenizer_2", "merges.txt"), error.Message);
        Assert.Contains("incomplete", error.Message);
    }

    [Theory]
    [InlineData("StableDiffusion3Pipeline")]
    [InlineData("FluxPipeline")]
    public void Open_UnsupportedPipeline_NamesTheFileAndWhatRuns(string pipeline)
    {
        var copy = TinySdModels.LinkedCopy("sd15");
        var index = Path.Combine(copy, "model_index.json");
        var text = File.ReadAllText(index).Replace("\"StableDiffusionPipeline\"", $"\"{pipeline}\"", StringComparison.Ordinal);
        File.Delete(index);
        File.WriteAllText(index, text);

        var error = Assert.Throws<DiffusionModelException>(() => ModelFolder.Open(copy));

        Assert.Contains(index, error.Message);
        Assert.Contains(pipeline, error.Message);
        Assert.Contains("SDXL", error.Message);
    }

    [Fact]
    public void Open_InpaintingUnet_IsRefusedNamingUnetConfig()
    {
        var copy = TinySdModels.LinkedCopy("sd15");
        var config = Path.Combine(copy, "unet", "config.json");
        var text = File.ReadAllText(config).Replace("\"in_channels\": 4", "\"in_channels\": 9", StringComparison.Ordinal);
        File.Delete(config);
        File.WriteAllText(config, text);

        var error = Assert.Throws<DiffusionModelException>(() => ModelFolder.Open(copy));

        Assert.Contains(config, error.Message);
        Assert.Contains("in_channels 9", error.Message);
    }

    [Fact]
    public void Open_NoModelIndex_SaysItIsNotAnExport()
    {
        var copy = TinySdModels.LinkedCopy("sd15");
        File.Delete(Path.Combine(copy, "model_index.json"));

        var error = Assert.Throws<DiffusionModelException>(() => ModelFolder.Open(copy));

        Assert.Contains(copy, error.Message);
        Assert.Contains("model_index.json", error.Message);
        Assert.Contains("optimum-cli export onnx", error.Message);
    }

    [Fact]
    public void Load_SdxlIndexOverSd15Unet_NamesTheMismatch()
    {
        var copy = TinySdModels.LinkedCopy("sdxl");
        var unet = Path.Combine(copy, "unet", "model.onnx");
        File.Delete(unet);
        File.CreateSymbolicLink(unet, Path.Combine(TinySdModels.Folder("sd15"), "unet", "model.onnx"));

        var error = Assert.Throws<DiffusionModelException>(() => LoadedModel.Load(copy, new GeneratorOptions()).Dispose());

        Assert.Contains(unet, error.Message);
        Assert.Contains("text_embeds", error.Message);
    }
}
