using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>Merged initializers against W + weight · scale · up · down computed here from the files themselves.</summary>
public sealed class LoraMergeTests
{
    [Theory]
    [InlineData("sd15", "style-kohya.safetensors", LoraComponent.Unet, "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q", "/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q/MatMul", 0.5f)]
    [InlineData("sd15", "style-kohya.safetensors", LoraComponent.TextEncoder, "lora_te_text_model_encoder_layers_1_self_attn_out_proj", "/text_model/encoder/layers.1/self_attn/out_proj/MatMul", 0.5f)]
    [InlineData("sd15", "style-peft.safetensors", LoraComponent.Unet, "unet.up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k", "/up_blocks.1/attentions.1/transformer_blocks.0/attn2/to_k/MatMul", 1f)]
    [InlineData("sd15", "style-peft.safetensors", LoraComponent.TextEncoder, "text_encoder.text_model.encoder.layers.0.self_attn.v_proj", "/text_model/encoder/layers.0/self_attn/v_proj/MatMul", 1f)]
    [InlineData("sdxl", "sdxl-style-kohya.safetensors", LoraComponent.Unet, "lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q", "/down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul", 0.25f)]
    [InlineData("sdxl", "sdxl-style-kohya.safetensors", LoraComponent.Unet, "lora_unet_output_blocks_5_1_transformer_blocks_1_attn2_to_out_0", "/up_blocks.1/attentions.2/transformer_blocks.1/attn2/to_out.0/MatMul", 0.25f)]
    [InlineData("sdxl", "sdxl-style-kohya.safetensors", LoraComponent.Unet, "lora_unet_output_blocks_0_1_transformer_blocks_2_attn2_to_k", "/up_blocks.0/attentions.0/transformer_blocks.2/attn2/to_k/MatMul", 0.25f)]
    [InlineData("sdxl", "sdxl-style-kohya.safetensors", LoraComponent.Unet, "lora_unet_middle_block_1_transformer_blocks_1_attn1_to_v", "/mid_block/attentions.0/transformer_blocks.1/attn1/to_v/MatMul", 0.25f)]
    [InlineData("sdxl", "sdxl-style-kohya.safetensors", LoraComponent.TextEncoder, "lora_te1_text_model_encoder_layers_2_self_attn_k_proj", "/text_model/encoder/layers.2/self_attn/k_proj/MatMul", 0.25f)]
    [InlineData("sdxl", "sdxl-style-kohya.safetensors", LoraComponent.TextEncoder2, "lora_te2_text_model_encoder_layers_0_self_attn_q_proj", "/text_model/encoder/layers.0/self_attn/q_proj/MatMul", 0.25f)]
    public void Merge_LayerOfFixture_EqualsBasePlusDeltaComputedIndependently(string model, string loraFile, LoraComponent component, string key, string nodeName, float expectedScale)
    {
        const float weight = 0.8f;
        var graph = OnnxGraph.Read(TinySd.Model(model, ComponentFolder(component)));
        var network = LoraFileReader.Read(TinySd.Lora(loraFile));
        var index = LoraTargetIndex.Build(graph, component);

        var merged = LoraMerger.Merge(graph, index, component, [new LoraApplication(network, weight)]);

        var weightName = graph.Nodes.Single(n => n.Name == nodeName).Input[1];
        var initializer = graph.Initializers[weightName];
        var actual = merged.Single(m => m.Initializer.Name == weightName).Singles!;
        var baseValues = graph.ReadSingles(initializer);
        var (down, up, rank, scale) = ReadModule(TinySd.Lora(loraFile), key);
        Assert.Equal(expectedScale, scale);
        var inFeatures = (int)initializer.Dims[0];
        var outFeatures = (int)initializer.Dims[1];
        for (var i = 0; i < inFeatures; i++)
        {
            for (var o = 0; o < outFeatures; o++)
            {
                double delta = 0;
                for (var r = 0; r < rank; r++)
                    delta += up[o * rank + r] * (double)down[r * inFeatures + i];
                var expected = baseValues[i * outFeatures + o] + weight * scale * delta;
                Assert.Equal(expected, actual[i * outFeatures + o], 1e-5);
            }
        }

        Assert.NotEqual(baseValues, actual);
    }

    [Theory]
    [InlineData("sd15", "style-kohya.safetensors", new[] { LoraComponent.Unet, LoraComponent.TextEncoder })]
    [InlineData("sd15", "style-peft.safetensors", new[] { LoraComponent.Unet, LoraComponent.TextEncoder })]
    [InlineData("sdxl", "sdxl-style-kohya.safetensors", new[] { LoraComponent.Unet, LoraComponent.TextEncoder, LoraComponent.TextEncoder2 })]
    public void Match_FixtureOnItsOwnModel_MatchesEveryLayer(string model, string loraFile, LoraComponent[] components)
    {
        var network = LoraFileReader.Read(TinySd.Lora(loraFile));
        var indices = components.ToDictionary(c => c, c => LoraTargetIndex.Build(OnnxGraph.Read(TinySd.Model(model, ComponentFolder(c))), c));

        var report = LoraMerger.Match(network, indices);

        Assert.Equal(0, report.Unmatched);
        Assert.Equal(network.Modules.Count, report.Matched);
        Assert.All(components, c => Assert.Contains(network.Modules, m => m.Component == c));
    }

    [Fact]
    public void Match_SdxlLoraOnSd15_IsRefusedNamingSdxl()
    {
        var network = LoraFileReader.Read(TinySd.Lora("sdxl-style-kohya.safetensors"));
        var indices = new[] { LoraComponent.Unet, LoraComponent.TextEncoder }
            .ToDictionary(c => c, c => LoraTargetIndex.Build(OnnxGraph.Read(TinySd.Model("sd15", ComponentFolder(c))), c));

        var ex = Assert.Throws<LoraFileException>(() => LoraMerger.Match(network, indices));

        Assert.Contains("does not fit this model", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SDXL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_Float16Model_KeepsFloat16AndAddsTheSameDeltaAsFloat32()
    {
        var fp16 = OnnxGraph.Read(TinySd.Model("sd15-fp16", "unet"));
        var fp32 = OnnxGraph.Read(TinySd.Model("sd15", "unet"));
        var index16 = LoraTargetIndex.Build(fp16, LoraComponent.Unet);
        var index32 = LoraTargetIndex.Build(fp32, LoraComponent.Unet);
        var network = LoraFileReader.Read(TinySd.Lora("style-kohya.safetensors"));
        var app = new LoraApplication(network, 1f);

        var merged16 = LoraMerger.Merge(fp16, index16, LoraComponent.Unet, [app]);
        var merged32 = LoraMerger.Merge(fp32, index32, LoraComponent.Unet, [app]);

        Assert.Equal(network.Modules.Count(m => m.Component == LoraComponent.Unet), merged16.Count);
        Assert.All(merged16, m => Assert.NotNull(m.Halves));
        const string path = "down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_v";
        Assert.True(index16.TryFind(path, out var target16));
        Assert.True(index32.TryFind(path, out var target32));
        var base16 = fp16.ReadSingles(target16.Initializer);
        var base32 = fp32.ReadSingles(target32.Initializer);
        var after16 = merged16.Single(m => m.Initializer.Name == target16.Initializer.Name).Halves!;
        var after32 = merged32.Single(m => m.Initializer.Name == target32.Initializer.Name).Singles!;
        for (var i = 0; i < after16.Length; i++)
        {
            var expected = (float)(Half)(base16[i] + (after32[i] - base32[i]));
            Assert.Equal(expected, (float)after16[i], 1e-6);
        }
    }

    [Fact]
    public void Merge_LayerWithWrongShape_IsRefusedNamingBothShapes()
    {
        var bytes = SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight"] = ([1, 7], new float[7]),
            ["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q.lora_up.weight"] = ([32, 1], new float[32]),
        });
        var network = LoraFileReader.Read(SafetensorsBytes.WriteTemp(bytes, "wrong-shape.safetensors"));
        var graph = OnnxGraph.Read(TinySd.Model("sd15", "unet"));

        var ex = Assert.Throws<LoraFileException>(() => LoraMerger.Merge(graph, LoraTargetIndex.Build(graph, LoraComponent.Unet), LoraComponent.Unet, [new LoraApplication(network, 1f)]));

        Assert.Contains("wrong-shape", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[32 × 7]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[32 × 32]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PickleFile_IsRefusedAskingForSafetensors()
    {
        var path = SafetensorsBytes.WriteTemp([0x80, 0x02], "old.pt");

        var ex = Assert.Throws<LoraFileException>(() => LoraFileReader.Read(path));

        Assert.Contains("safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedLora_IsRefusedNamingTheLora()
    {
        var whole = File.ReadAllBytes(TinySd.Lora("style-kohya.safetensors"));
        var path = SafetensorsBytes.WriteTemp(whole[..(whole.Length / 2)], "cut.safetensors");

        var ex = Assert.Throws<LoraFileException>(() => LoraFileReader.Read(path));

        Assert.Contains("LoRA 'cut'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
    }

    private static string ComponentFolder(LoraComponent component) => component switch
    {
        LoraComponent.Unet => "unet",
        LoraComponent.TextEncoder => "text_encoder",
        _ => "text_encoder_2",
    };

    private static (float[] Down, float[] Up, int Rank, float Scale) ReadModule(string path, string key)
    {
        using var file = SafetensorsFile.Open(path);
        var peft = !key.StartsWith("lora_", StringComparison.Ordinal);
        var down = file.Get(key + (peft ? ".lora_A.weight" : ".lora_down.weight"));
        var up = file.Get(key + (peft ? ".lora_B.weight" : ".lora_up.weight"));
        var rank = (int)down.Shape[0];
        var scale = file.Tensors.TryGetValue(key + ".alpha", out var alpha) ? file.ReadSingles(alpha)[0] / rank : 1f;
        return (file.ReadSingles(down), file.ReadSingles(up), rank, scale);
    }
}
