using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Tests.TestSupport;
using Xunit;

namespace DiffusionBot.Diffusion.Tests.Embeddings;

public sealed class EmbeddingCatalogTests
{
    private static IReadOnlyList<EmbeddingFileSummary> List(string folder) =>
        EmbeddingCatalog.List(folder, TestContext.Current.CancellationToken)!;

    private static float[] Values(long count, float value = 0.5f) => Enumerable.Repeat(value, (int)count).ToArray();

    [Fact]
    public void List_SharedFixture_GivesTriggerVectorsWidthAndSize()
    {
        var folder = TinySd.EmbeddingFolder;

        var embedding = Assert.Single(List(folder));

        Assert.Equal(("fluffystyle", 2, 32, "no known family", (string?)null), (embedding.Trigger, embedding.Vectors, embedding.Width, embedding.Family, embedding.Problem));
        Assert.Equal(new FileInfo(Path.Combine(folder, "fluffystyle.safetensors")).Length, embedding.FileBytes);
    }

    [Fact]
    public void List_NoFolderConfigured_IsNull()
    {
        Assert.Null(EmbeddingCatalog.List(null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void List_EveryLayout_NamesItsFamilyFromItsWidth()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["emb_params"] = ([3, 768], Values(3 * 768, float.NaN)),
        }), "a1111.safetensors");
        var folder = Path.GetDirectoryName(path)!;
        File.WriteAllBytes(Path.Combine(folder, "diffusers.safetensors"), SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["learned_embeds"] = ([1024], Values(1024)),
        }));
        File.WriteAllBytes(Path.Combine(folder, "xl.safetensors"), SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["clip_l"] = ([2, 768], Values(2 * 768)),
            ["clip_g"] = ([2, 1280], Values(2 * 1280)),
        }));
        File.WriteAllBytes(Path.Combine(folder, "pickled.pt"), [0x80, 0x02]);

        var list = List(folder).ToDictionary(e => e.Trigger);

        // The NaN vectors show only the header is read: loading this embedding would refuse them.
        Assert.Equal((3, 768, "SD 1.x", (string?)null), (list["a1111"].Vectors, list["a1111"].Width, list["a1111"].Family, list["a1111"].Problem));
        Assert.Equal((1, 1024, "SD 2.x"), (list["diffusers"].Vectors, list["diffusers"].Width, list["diffusers"].Family));
        Assert.Equal((2, "SDXL (clip_l/clip_g)", (string?)null), (list["xl"].Vectors, list["xl"].Family, list["xl"].Problem));
        Assert.Contains("cannot be used", list["pickled"].Problem, StringComparison.Ordinal);
        Assert.Null(list["pickled"].Vectors);
    }

    [Fact]
    public void List_TorchSaveFile_ReadsItsShapeThroughTheRestrictedReader()
    {
        var folder = Directory.CreateTempSubdirectory("embedding-catalog-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Embeddings", "reference", "a1111style.pt"), Path.Combine(folder, "a1111style.pt"));

        var embedding = Assert.Single(List(folder));

        Assert.Equal(("a1111style", 2, 32, (string?)null), (embedding.Trigger, embedding.Vectors, embedding.Width, embedding.Problem));
    }

    [Fact]
    public void List_CorruptHeader_ListsItWithItsProblem()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Raw("{not json", []), "broken.safetensors");

        var embedding = Assert.Single(List(Path.GetDirectoryName(path)!));

        Assert.Equal(("broken", "unknown"), (embedding.Trigger, embedding.Family));
        Assert.Contains("not valid JSON", embedding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void List_TooManyVectors_ListsItWithItsProblem()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["emb_params"] = ([76, 4], Values(76 * 4)),
        }), "long.safetensors");

        Assert.Contains("76 vectors", Assert.Single(List(Path.GetDirectoryName(path)!)).Problem, StringComparison.Ordinal);
    }
}
