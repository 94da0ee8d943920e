using DiffusionBot.FakeHub;

namespace DiffusionBot.Tests.Models;

/// <summary>Small repositories for the fake Hub: an SD-style ONNX export, an SDXL one, a safetensors-only one.</summary>
internal static class HubTestRepositories
{
    public const string SdModelIndex = """{ "_class_name": "ORTStableDiffusionPipeline", "text_encoder": ["diffusers", "OnnxRuntimeModel"], "unet": ["diffusers", "OnnxRuntimeModel"] }""";

    public const string XlModelIndex = """{ "_class_name": "ORTStableDiffusionXLPipeline", "text_encoder": ["diffusers", "OnnxRuntimeModel"], "text_encoder_2": ["diffusers", "OnnxRuntimeModel"] }""";

    /// <summary>An Optimum-style export under <paramref name="prefix"/> (e.g. "onnx/"), with PyTorch weights and a README beside it that are not pulled.</summary>
    public static FakeHubRepository OnnxExport(string repoId, string prefix = "", string modelIndex = SdModelIndex)
    {
        var repository = new FakeHubRepository(repoId)
            .Add(prefix + "model_index.json", modelIndex)
            .Add(prefix + "scheduler/scheduler_config.json", """{ "_class_name": "EulerDiscreteScheduler" }""")
            .Add(prefix + "tokenizer/vocab.json", """{ "a": 0 }""")
            .Add(prefix + "tokenizer/merges.txt", "#version: 0.2\n")
            .Add(prefix + "text_encoder/model.onnx", Bytes(1, 4096))
            .Add(prefix + "unet/model.onnx", Bytes(2, 2048))
            .Add(prefix + "unet/model.onnx_data", Bytes(3, 96 * 1024))
            .Add(prefix + "unet/diffusion_pytorch_model.safetensors", Bytes(4, 8192))
            .Add(prefix + "vae_decoder/model.onnx", Bytes(5, 3000))
            .Add(prefix + "vae_decoder/config.json", """{ "scaling_factor": 0.18215 }""")
            .Add("README.md", "# test model\n");
        return repository;
    }

    /// <summary>The files <see cref="OnnxExport"/> expects to arrive, relative to the model folder.</summary>
    public static readonly string[] PulledFiles =
    [
        "model_index.json", "scheduler/scheduler_config.json", "tokenizer/vocab.json", "tokenizer/merges.txt",
        "text_encoder/model.onnx", "unet/model.onnx", "unet/model.onnx_data", "vae_decoder/model.onnx", "vae_decoder/config.json",
    ];

    public static FakeHubRepository SafetensorsOnly(string repoId) => new FakeHubRepository(repoId)
        .Add("model_index.json", """{ "_class_name": "StableDiffusionPipeline" }""")
        .Add("unet/config.json", "{}")
        .Add("unet/diffusion_pytorch_model.safetensors", Bytes(6, 8192))
        .Add("text_encoder/model.safetensors", Bytes(7, 4096))
        .Add("vae/diffusion_pytorch_model.safetensors", Bytes(8, 4096));

    public static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
