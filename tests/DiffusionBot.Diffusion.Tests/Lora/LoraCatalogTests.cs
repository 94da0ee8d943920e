using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Tests.TestSupport;
using Xunit;

namespace DiffusionBot.Diffusion.Tests.Lora;

public sealed class LoraCatalogTests
{
    private static LoraFileSummary Only(string path) =>
        Assert.Single(LoraCatalog.List(Path.GetDirectoryName(path), TestContext.Current.CancellationToken)!);

    private static float[] Values(long count, float value = 0.01f) => Enumerable.Repeat(value, (int)count).ToArray();

    [Fact]
    public void List_SharedFixtures_GivesNameFamilyRankAndFileSize()
    {
        var folder = TinySd.LoraFolder;

        var list = LoraCatalog.List(folder, TestContext.Current.CancellationToken)!.ToDictionary(l => l.Name);

        Assert.Equal(["sdxl-style-kohya", "style-kohya", "style-peft"], list.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("SD 1.x (its metadata says ss_base_model_version sd_v1", list["style-kohya"].Family, StringComparison.Ordinal);
        Assert.StartsWith("SDXL", list["sdxl-style-kohya"].Family, StringComparison.Ordinal);
        foreach (var lora in list.Values)
        {
            Assert.Equal(4, lora.Rank);
            Assert.Null(lora.Problem);
            Assert.Equal(new FileInfo(Path.Combine(folder, lora.Name + ".safetensors")).Length, lora.FileBytes);
        }
    }

    [Fact]
    public void List_NoFolderConfigured_IsNull()
    {
        Assert.Null(LoraCatalog.List(null, TestContext.Current.CancellationToken));
        Assert.Null(LoraCatalog.List(Path.Combine(Path.GetTempPath(), "no-such-lora-folder-" + Guid.NewGuid()), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void List_TensorDataThatWouldNotLoad_IsListedFromTheHeaderAlone()
    {
        // NaN weights are refused when a LoRA is applied; a listing never reads tensor data, so it does not see them.
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight"] = ([8, 768], Values(8 * 768, float.NaN)),
            ["lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight"] = ([768, 8], Values(768 * 8)),
        }), "nan.safetensors");

        var lora = Only(path);

        Assert.Equal(("nan", 8, "SD 1.x (its text-encoder layers are 768 wide)", (string?)null), (lora.Name, lora.Rank, lora.Family, lora.Problem));
    }

    [Fact]
    public void List_CrossAttentionWidth2048_IsSdxl()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["unet.mid_block.attentions.0.transformer_blocks.0.attn2.to_k.lora_A.weight"] = ([2, 2048], Values(2 * 2048)),
            ["unet.mid_block.attentions.0.transformer_blocks.0.attn2.to_k.lora_B.weight"] = ([16, 2], Values(16 * 2)),
        }), "wide.safetensors");

        Assert.Equal("SDXL (its cross-attention takes 2048-wide text)", Only(path).Family);
    }

    [Fact]
    public void List_HeaderClaimsMoreThanTheFile_ListsItWithItsProblem()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Raw("{}", [], claimedHeaderLength: 5000), "truncated.safetensors");

        var lora = Only(path);

        Assert.Equal(("truncated", "unknown", (int?)null), (lora.Name, lora.Family, lora.Rank));
        Assert.Contains("truncated file", lora.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void List_OffsetsOutsideTheFile_ListsItWithItsProblem()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Raw(
            """{"lora_te_x.lora_down.weight":{"dtype":"F32","shape":[1000000],"data_offsets":[0,4000000]}}""", new byte[16]), "outside.safetensors");

        Assert.Contains("outside the 16 data bytes", Only(path).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void List_LycorisFile_NamesTheUnsupportedPart()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["lora_unet_mid_block_attentions_0_proj_in.hada_w1_a"] = ([4, 4], Values(16)),
        }), "loha.safetensors");

        Assert.Contains("hada_w1_a", Only(path).Problem, StringComparison.Ordinal);
    }
}
