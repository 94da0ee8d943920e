using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Prompting;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Embeddings;

public sealed class TextualInversionTests
{
    private const int Eos = 49407;

    private static TextualInversionSet Sd15Set() => TextualInversionSet.Load(TinySd.EmbeddingFolder, [new(TinySd.Model("sd15", "text_encoder"), Eos)]);

    [Fact]
    public void Load_FixtureForSd15_AppendsTwoRowsAndMapsTheTrigger()
    {
        using var set = Sd15Set();

        Assert.Empty(set.Skipped);
        Assert.Equal(49408, set.BaseVocabulary);
        Assert.True(set.TryGetIds("FluffyStyle", out var ids));
        Assert.Equal([49408, 49409], ids);
        Assert.Equal(49410, set.EndOfTextId);
        Assert.Equal(TextualInversionSet.TokenEmbeddingInitializer, Assert.Single(set.OverridesFor(0)!.Names));
        Assert.Null(set.OverridesFor(1));
    }

    [Fact]
    public void Encode_PromptWithTrigger_PutsOneIdPerVectorWhereTheWordWas()
    {
        using var set = Sd15Set();
        var tokenizer = ClipTokenizer.FromDiffusersFolder(Path.Combine(TinySd.Folder("sd15"), "tokenizer"));
        var chunker = new PromptChunker(tokenizer, set);

        var encoded = chunker.Chunk("a fluffystyle fox, not fluffystyles");

        var plainA = tokenizer.Tokenize("a");
        var plainFox = tokenizer.Tokenize("fox,");
        var chunk = Assert.Single(encoded.Chunks);
        Assert.Equal([tokenizer.BosTokenId, .. plainA, 49408, 49409, .. plainFox, .. tokenizer.Tokenize("not fluffystyles"), set.EndOfTextId!.Value],
            chunk.Ids[..(encoded.TokenCount + 2)]);
    }

    [Fact]
    public void Chunk_WeightedTrigger_EmbeddingIdsCarryTheWeight()
    {
        using var set = Sd15Set();
        var tokenizer = ClipTokenizer.FromDiffusersFolder(Path.Combine(TinySd.Folder("sd15"), "tokenizer"));

        var chunk = Assert.Single(new PromptChunker(tokenizer, set).Chunk("a (fluffystyle:1.3) fox").Chunks);

        var a = tokenizer.Tokenize("a");
        Assert.Equal([.. a, 49408, 49409, .. tokenizer.Tokenize("fox")], chunk.Content.ToArray());
        Assert.Equal([1f, .. a.Select(_ => 1f), 1.3f, 1.3f, 1f], chunk.Weights[..(chunk.ContentTokens + 1)]);
    }

    [Fact]
    public void Chunk_TriggerAtTheEndOfAFullChunk_StartsTheNextChunkWhole()
    {
        using var set = Sd15Set();
        var tokenizer = ClipTokenizer.FromDiffusersFolder(Path.Combine(TinySd.Folder("sd15"), "tokenizer"));
        var chunker = new PromptChunker(tokenizer, set);
        var words = string.Join(' ', Enumerable.Repeat("fox", 74));

        var chunked = chunker.Chunk(words + " fluffystyle");

        Assert.Equal(2, chunked.Chunks.Count);
        Assert.Equal(74, chunked.Chunks[0].ContentTokens);
        Assert.Equal([49408, 49409], chunked.Chunks[1].Content.ToArray());
        Assert.Equal("fluffystyle", chunker.TextBeyond(chunked, 1), ignoreCase: true);
    }

    [Fact]
    public void Load_EmbeddingOfAnotherWidth_IsSkippedWithTheReason()
    {
        var bytes = SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])> { ["emb_params"] = ([1, 768], new float[768]) });
        var folder = Path.GetDirectoryName(SafetensorsBytes.WriteTemp(bytes, "wide.safetensors"))!;

        using var set = TextualInversionSet.Load(folder, [new(TinySd.Model("sd15", "text_encoder"), Eos)]);

        Assert.Empty(set.Triggers);
        Assert.Contains("768 wide", Assert.Single(set.Skipped), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("old.pt", "not a readable zip archive")]
    [InlineData("two.safetensors", "no emb_params")]
    public void Read_UnusableFile_ThrowsClearError(string fileName, string expected)
    {
        var bytes = fileName.EndsWith(".pt", StringComparison.Ordinal)
            ? new byte[] { 0x80, 0x02 }
            : SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])> { ["x"] = ([1, 32], new float[32]), ["y"] = ([1, 32], new float[32]) });

        var ex = Assert.Throws<LoraFileException>(() => TextualInversionReader.Read(SafetensorsBytes.WriteTemp(bytes, fileName)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
