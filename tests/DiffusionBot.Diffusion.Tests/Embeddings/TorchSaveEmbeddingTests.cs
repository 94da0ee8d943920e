using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Tests.TestSupport;

namespace DiffusionBot.Diffusion.Tests.Embeddings;

/// <summary>torch.save embeddings (.pt / .bin): the reference files were written by PyTorch 1.13 with
/// reference/make_pt_embeddings.py; the hostile ones are built byte by byte (<see cref="TorchSaveBytes"/>).</summary>
public sealed class TorchSaveEmbeddingTests
{
    private static string Reference(string fileName) => Path.Combine(AppContext.BaseDirectory, "Embeddings", "reference", fileName);

    /// <summary>What make_pt_embeddings.py stores: v[i] = (i % 17) · 0.03125 − 0.25.</summary>
    private static float[] Ramp(int start, int count) => [.. Enumerable.Range(start, count).Select(i => (i % 17) * 0.03125f - 0.25f)];

    [Fact]
    public void Read_A1111PtWithStringToParam_GivesItsTwoVectors()
    {
        var embedding = TextualInversionReader.Read(Reference("a1111style.pt"));

        Assert.Equal("a1111style", embedding.Trigger);
        Assert.Equal(2, embedding.Count);
        var vectors = Assert.Single(embedding.Encoders);
        Assert.Equal("string_to_param.*", vectors.Source);
        Assert.Equal(32, vectors.Width);
        Assert.Equal(Ramp(0, 64), vectors.Values);
    }

    [Fact]
    public void Read_DiffusersBinWithFloat16Parameter_GivesTheVector()
    {
        var embedding = TextualInversionReader.Read(Reference("halftoken.bin"));

        Assert.Equal(1, embedding.Count);
        var vectors = Assert.Single(embedding.Encoders);
        Assert.Equal("<half-token>", vectors.Source);
        Assert.Equal(Ramp(0, 32), vectors.Values);
    }

    [Fact]
    public void Read_BFloat16ViewWithOffsetAndStrides_GathersTheViewsElements()
    {
        var embedding = TextualInversionReader.Read(Reference("stridedview.pt"));

        Assert.Equal(2, embedding.Count);
        Assert.Equal(Ramp(32, 64), Assert.Single(embedding.Encoders).Values); // rows 1 and 2 of the [4, 32] ramp
    }

    [Fact]
    public void Load_PtEmbeddingForSd15_IsAppendedLikeASafetensorsOne()
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-pt-").FullName;
        File.Copy(Reference("a1111style.pt"), Path.Combine(folder, "a1111style.pt"));

        using var set = TextualInversionSet.Load(folder, [new(TinySd.Model("sd15", "text_encoder"), 49407)]);

        Assert.Empty(set.Skipped);
        Assert.True(set.TryGetIds("a1111style", out var ids));
        Assert.Equal([49408, 49409], ids);
    }

    public static TheoryData<string, byte[], string> HostileFiles => new()
    {
        {
            "unknown global",
            TorchSaveBytes.Zip(new TorchSaveBytes().Global("os", "system").Str("echo pwned").Op(0x85).Op('R').Pickle()),
            "'os.system', which is never loaded"
        },
        {
            "unknown global behind an allowed-looking module",
            TorchSaveBytes.Zip(new TorchSaveBytes().Global("torch._utils", "_rebuild_from_type_v2").Pickle()),
            "'torch._utils._rebuild_from_type_v2'"
        },
        {
            "opcode torch.save does not write",
            TorchSaveBytes.Zip([0x80, 2, (byte)'i', .. "os\nsystem\n"u8.ToArray(), (byte)'.']),
            "opcode 0x69"
        },
        {
            "storage offset out of range",
            TorchSaveBytes.Zip(TorchSaveBytes.EmbParams("FloatStorage", "0", 64, 40, [2, 32], [32, 1]).Pickle(), ("0", TorchSaveBytes.Floats(64))),
            "reaches past its storage of 64 elements"
        },
        {
            "huge shape",
            TorchSaveBytes.Zip(TorchSaveBytes.EmbParams("FloatStorage", "0", 64, 0, [1L << 40, 32], [0, 1]).Pickle(), ("0", TorchSaveBytes.Floats(64))),
            "more elements than its storage"
        },
        {
            "overflowing shape",
            TorchSaveBytes.Zip(TorchSaveBytes.EmbParams("FloatStorage", "0", 64, 0, [1L << 40, 1L << 40], [1, 1]).Pickle(), ("0", TorchSaveBytes.Floats(64))),
            "too large"
        },
        {
            "storage larger than its entry",
            TorchSaveBytes.Zip(TorchSaveBytes.EmbParams("FloatStorage", "0", 1000, 0, [2, 32], [32, 1]).Pickle(), ("0", TorchSaveBytes.Floats(64))),
            "claims 1000 Float32 elements but its entry holds 256 bytes"
        },
        {
            "storage key outside the archive's data folder",
            TorchSaveBytes.Zip(TorchSaveBytes.EmbParams("FloatStorage", "../data.pkl", 64, 0, [2, 32], [32, 1]).Pickle(), ("0", TorchSaveBytes.Floats(64))),
            "storage '../data.pkl', which is not in the archive"
        },
        {
            "storage of a type that is not float",
            TorchSaveBytes.Zip(TorchSaveBytes.EmbParams("LongStorage", "0", 32, 0, [32], [1]).Pickle(), ("0", new byte[256])),
            "'torch.LongStorage', which is never loaded"
        },
        {
            "pickle cut short",
            TorchSaveBytes.Zip([.. TorchSaveBytes.EmbParams("FloatStorage", "0", 64, 0, [2, 32], [32, 1]).Pickle()[..40]], ("0", TorchSaveBytes.Floats(64))),
            "truncated"
        },
        {
            "memo read before it was written",
            TorchSaveBytes.Zip(new TorchSaveBytes().Op('h').Op(7).Pickle()),
            "memo entry 7"
        },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Read_HostilePtFile_IsRefusedWithTheReason(string what, byte[] bytes, string expected)
    {
        var path = SafetensorsBytes.WriteTemp(bytes, "hostile.pt");

        var ex = Assert.Throws<LoraFileException>(() => TextualInversionReader.Read(path));

        Assert.Contains("hostile.pt", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {ex.Message}");
    }

    [Fact]
    public async Task Read_TruncatedZip_IsRefusedAsNotAReadableArchive()
    {
        var bytes = await File.ReadAllBytesAsync(Reference("a1111style.pt"), TestContext.Current.CancellationToken);
        var path = SafetensorsBytes.WriteTemp(bytes[..(bytes.Length / 2)], "cut.pt");

        var ex = Assert.Throws<LoraFileException>(() => TextualInversionReader.Read(path));

        Assert.Contains("not a readable zip archive", ex.Message, StringComparison.Ordinal);
    }
}
