using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tests.Support;
using DiffusionBot.OnnxFormat;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.DemoModels.Tests;

/// <summary>Names, element types and shapes (-1 = symbolic) exactly as diffusers' ONNX exports have them.</summary>
public sealed class ModelSignatureTests
{
    public static TheoryData<string> Models => ["text_encoder", "unet", "vae_decoder", "vae_encoder", "safety_checker", "upscaler_x2", "upscaler_x4"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Build_EachModel_LoadsInOnnxRuntimeWithOpset17AndIr8(string name)
    {
        var model = Build(name);

        using var runner = new ModelRunner(model);

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, Assert.Single(model.OpsetImport).Version);
        Assert.NotEmpty(runner.Inputs);
    }

    [Fact]
    public void TextEncoder_Signature_MatchesDiffusersExport()
    {
        using var runner = new ModelRunner(TextEncoderModel.Build());

        AssertSignature(runner.Inputs, "input_ids", TensorElementType.Int32, -1, 77);
        AssertSignature(runner.Outputs, "last_hidden_state", TensorElementType.Float, -1, 77, OracleSpec.HiddenSize);
        AssertSignature(runner.Outputs, "pooler_output", TensorElementType.Float, -1, OracleSpec.HiddenSize);
    }

    [Theory]
    [InlineData(DemoTimestepDtype.Float32, false, TensorElementType.Float, TensorElementType.Float)]
    [InlineData(DemoTimestepDtype.Int64, false, TensorElementType.Int64, TensorElementType.Float)]
    [InlineData(DemoTimestepDtype.Float32, true, TensorElementType.Float, TensorElementType.Float16)]
    [InlineData(DemoTimestepDtype.Float16, true, TensorElementType.Float16, TensorElementType.Float16)]
    [InlineData(DemoTimestepDtype.Int64, true, TensorElementType.Int64, TensorElementType.Float16)]
    public void Unet_Signature_MatchesOptions(DemoTimestepDtype timestep, bool float16, TensorElementType timestepType, TensorElementType ioType)
    {
        using var runner = new ModelRunner(UnetModel.Build(new DemoModelOptions { TimestepDtype = timestep, Float16 = float16 }));

        Assert.Equal(["sample", "timestep", "encoder_hidden_states"], runner.Inputs.Keys);
        AssertSignature(runner.Inputs, "sample", ioType, -1, 4, -1, -1);
        AssertSignature(runner.Inputs, "timestep", timestepType, 1);
        AssertSignature(runner.Inputs, "encoder_hidden_states", ioType, -1, 77, OracleSpec.HiddenSize);
        AssertSignature(runner.Outputs, "out_sample", ioType, -1, 4, -1, -1);
    }

    [Fact]
    public void VaeAndSafetyAndUpscaler_Signatures_MatchLayouts()
    {
        using var decoder = new ModelRunner(VaeDecoderModel.Build());
        using var encoder = new ModelRunner(VaeEncoderModel.Build());
        using var safety = new ModelRunner(SafetyCheckerModel.Build());
        using var upscaler = new ModelRunner(UpscalerModel.Build(4));

        AssertSignature(decoder.Inputs, "latent_sample", TensorElementType.Float, -1, 4, -1, -1);
        AssertSignature(decoder.Outputs, "sample", TensorElementType.Float, -1, 3, -1, -1);
        AssertSignature(encoder.Inputs, "sample", TensorElementType.Float, -1, 3, -1, -1);
        AssertSignature(encoder.Outputs, "latent_sample", TensorElementType.Float, -1, 4, -1, -1);
        AssertSignature(safety.Inputs, "clip_input", TensorElementType.Float, -1, 3, 224, 224);
        AssertSignature(safety.Inputs, "images", TensorElementType.Float, -1, -1, -1, 3);
        AssertSignature(safety.Outputs, "out_images", TensorElementType.Float, -1, -1, -1, 3);
        AssertSignature(safety.Outputs, "has_nsfw_concepts", TensorElementType.Bool, -1);
        AssertSignature(upscaler.Inputs, "input", TensorElementType.Float, 1, 3, -1, -1);
        AssertSignature(upscaler.Outputs, "output", TensorElementType.Float, 1, 3, -1, -1);
    }

    [Fact]
    public void UpscalerBuild_UnsupportedScale_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => UpscalerModel.Build(3));
        Assert.Contains("2 or 4", ex.Message);
    }

    private static ModelProto Build(string name) => name switch
    {
        "text_encoder" => TextEncoderModel.Build(),
        "unet" => UnetModel.Build(DemoModelOptions.Demo),
        "vae_decoder" => VaeDecoderModel.Build(),
        "vae_encoder" => VaeEncoderModel.Build(),
        "safety_checker" => SafetyCheckerModel.Build(),
        "upscaler_x2" => UpscalerModel.Build(2),
        "upscaler_x4" => UpscalerModel.Build(4),
        _ => throw new ArgumentException(name),
    };

    private static void AssertSignature(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, TensorElementType type, params int[] dims)
    {
        Assert.True(metadata.ContainsKey(name), $"missing '{name}'; have {string.Join(", ", metadata.Keys)}");
        var node = metadata[name];
        Assert.Equal(type, node.ElementDataType);
        Assert.Equal(dims, node.Dimensions);
    }
}
