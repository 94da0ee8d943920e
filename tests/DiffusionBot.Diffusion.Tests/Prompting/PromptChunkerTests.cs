using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Prompting;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Tests.Tokenization;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Prompting;

/// <summary>Chunking with the real CLIP vocabulary: 75 tokens a chunk, the comma rule, BREAK, padding, the limits.</summary>
public sealed class PromptChunkerTests(ClipTokenizerFixture clip) : IClassFixture<ClipTokenizerFixture>
{
    /// <summary>Words that are one CLIP token each, so a prompt of n of them has n tokens.</summary>
    private static readonly string[] Words = ["red", "fox", "cat", "dog", "sky", "tree", "house", "river", "blue", "green"];

    private ClipTokenizer Tokenizer => clip.Require();

    private static string WordsText(int count, int offset = 0) => string.Join(' ', Enumerable.Range(offset, count).Select(i => Words[i % Words.Length]));

    [Fact]
    public void Chunk_ShortPlainPrompt_MatchesTheSingleRowEncoding()
    {
        var chunker = new PromptChunker(Tokenizer);

        var chunked = chunker.Chunk("a watercolor fox in the snow");

        var chunk = Assert.Single(chunked.Chunks);
        Assert.Equal(Tokenizer.Encode("a watercolor fox in the snow").InputIds, chunk.Ids);
        Assert.All(chunk.Weights, w => Assert.Equal(1f, w));
        Assert.Equal(Tokenizer.Tokenize("a watercolor fox in the snow").Count, chunked.TokenCount);
    }

    [Fact]
    public void Chunk_WeightedWords_CarryTheirWeightOnTheirTokens()
    {
        var chunker = new PromptChunker(Tokenizer);

        var chunk = Assert.Single(chunker.Chunk("a (red:1.5) fox [in] snow").Chunks);

        Assert.Equal(Tokenizer.Encode("a red fox in snow").InputIds, chunk.Ids);
        Assert.Equal([1f, 1f, 1.5f, 1f, (float)(1 / 1.1), 1f, 1f], chunk.Weights[..7]);
        Assert.All(chunk.Weights[7..], w => Assert.Equal(1f, w));
    }

    [Theory]
    [InlineData(75, new[] { 75 })]
    [InlineData(76, new[] { 75, 1 })]
    [InlineData(150, new[] { 75, 75 })]
    [InlineData(160, new[] { 75, 75, 10 })]
    public void Chunk_LongPromptWithoutCommas_SplitsEvery75Tokens(int tokens, int[] expected)
    {
        var chunker = new PromptChunker(Tokenizer);
        var prompt = WordsText(tokens);

        var chunked = chunker.Chunk(prompt);

        Assert.Equal(expected, chunked.Chunks.Select(c => c.ContentTokens));
        Assert.Equal(tokens, chunked.TokenCount);
        var all = Tokenizer.Tokenize(prompt);
        var offset = 0;
        foreach (var chunk in chunked.Chunks)
        {
            Assert.Equal(77, chunk.Ids.Length);
            Assert.Equal(Tokenizer.BosTokenId, chunk.Ids[0]);
            Assert.Equal(all.Skip(offset).Take(chunk.ContentTokens), chunk.Content.ToArray());
            Assert.Equal(Tokenizer.EosTokenId, chunk.Ids[chunk.ContentTokens + 1]);
            Assert.All(chunk.Ids[(chunk.ContentTokens + 2)..], id => Assert.Equal(Tokenizer.PadTokenId, id));
            offset += chunk.ContentTokens;
        }
    }

    [Theory]
    [InlineData(70, 71)] // the comma is 5 tokens back: the 4 words after it move to the next chunk
    [InlineData(55, 56)] // exactly 20 tokens back: still moves
    [InlineData(54, 75)] // 21 tokens back: too far, the chunk is cut at 75
    [InlineData(10, 75)]
    public void Chunk_CommaNearTheEnd_MovesTheTextAfterItToTheNextChunk(int wordsBeforeComma, int firstChunkTokens)
    {
        var chunker = new PromptChunker(Tokenizer);
        var prompt = WordsText(wordsBeforeComma) + ", " + WordsText(80, wordsBeforeComma);

        var chunked = chunker.Chunk(prompt);

        Assert.Equal(firstChunkTokens, chunked.Chunks[0].ContentTokens);
        Assert.Equal(wordsBeforeComma + 1 + 80, chunked.TokenCount);
        Assert.Equal(Tokenizer.Tokenize(prompt), chunked.Chunks.SelectMany(c => c.Content.ToArray()));
        if (firstChunkTokens < 75)
            Assert.Equal(Tokenizer.Tokenize(",").Single(), chunked.Chunks[0].Content[^1]);
    }

    [Fact]
    public void Chunk_Break_StartsANewChunk()
    {
        var chunker = new PromptChunker(Tokenizer);

        var chunked = chunker.Chunk("a red fox BREAK a blue sky");

        Assert.Equal(["a red fox", "a blue sky"], chunked.Chunks.Select(chunker.TextOf));
        Assert.Equal(Tokenizer.Encode("a blue sky").InputIds, chunked.Chunks[1].Ids);
    }

    [Theory]
    [InlineData("BREAK a fox", new[] { 0, 2 })]
    [InlineData("a fox BREAK", new[] { 2 })]
    [InlineData("a BREAK BREAK fox", new[] { 1, 0, 1 })]
    public void Chunk_BreakAtEdges_EmptyChunkOnlyWhereTheToolMakesOne(string prompt, int[] expected)
    {
        var chunked = new PromptChunker(Tokenizer).Chunk(prompt);

        Assert.Equal(expected, chunked.Chunks.Select(c => c.ContentTokens));
    }

    [Fact]
    public void Chunk_BreakAfter70Tokens_NextTextStartsAFreshChunk()
    {
        var chunker = new PromptChunker(Tokenizer);

        var chunked = chunker.Chunk(WordsText(70) + " BREAK " + WordsText(10));

        Assert.Equal([70, 10], chunked.Chunks.Select(c => c.ContentTokens));
    }

    [Fact]
    public void Create_LongPromptShortNegative_BothPaddedToTheSameChunkCount()
    {
        var chunker = new PromptChunker(Tokenizer);

        var plan = PromptPlan.Create(chunker, usableChunks: null, WordsText(150), "blurry");

        Assert.Equal(2, plan.Prompt.Count);
        Assert.Equal(2, plan.Negative.Count);
        Assert.Equal(Tokenizer.Encode("blurry").InputIds, plan.Negative[0].Ids);
        Assert.Equal([Tokenizer.BosTokenId, .. Enumerable.Repeat(Tokenizer.EosTokenId, 76)], plan.Negative[1].Ids);
        Assert.All(plan.Negative[1].Weights, w => Assert.Equal(1f, w));
        Assert.False(plan.PromptTokens.WasTruncated);
        Assert.Equal(150, plan.PromptTokens.TokenCount);
    }

    [Fact]
    public void Create_LongNegativeShortPrompt_PromptPaddedToo()
    {
        var plan = PromptPlan.Create(new PromptChunker(Tokenizer), usableChunks: null, "a fox", WordsText(200));

        Assert.Equal(3, plan.Prompt.Count);
        Assert.Equal(3, plan.Negative.Count);
        Assert.Equal(0, plan.Prompt[2].ContentTokens);
    }

    [Fact]
    public void Create_FixedLengthUnet_CutsToOneChunkAndSaysWhat()
    {
        var chunker = new PromptChunker(Tokenizer);
        var prompt = WordsText(75) + " lighthouse at dawn";

        var plan = PromptPlan.Create(chunker, usableChunks: 1, prompt, "");

        Assert.Single(plan.Prompt);
        Assert.Single(plan.Negative);
        Assert.True(plan.PromptTokens.WasTruncated);
        Assert.Equal("lighthouse at dawn", plan.PromptTokens.TruncatedText);
        Assert.False(plan.NegativeTokens.WasTruncated);
    }

    [Fact]
    public void Create_ElevenChunks_RefusedNamingTheCount()
    {
        var chunker = new PromptChunker(Tokenizer);

        var error = Assert.Throws<DiffusionRequestException>(() => PromptPlan.Create(chunker, null, WordsText(10 * 75 + 1), ""));

        var problem = Assert.Single(error.Errors);
        Assert.StartsWith("The prompt needs 11 chunks", problem);
        Assert.Contains("at most 10 chunks", problem);
    }

    [Fact]
    public void Create_TenBreaksInTheNegative_RefusedNamingTheNegative()
    {
        var chunker = new PromptChunker(Tokenizer);
        var negative = string.Join(" BREAK ", Enumerable.Repeat("ugly", 11));

        var error = Assert.Throws<DiffusionRequestException>(() => PromptPlan.Create(chunker, null, "a fox", negative));

        Assert.StartsWith("The negative prompt needs 11 chunks", Assert.Single(error.Errors));
    }

    [Fact]
    public void Create_TenChunks_Allowed()
    {
        var plan = PromptPlan.Create(new PromptChunker(Tokenizer), null, WordsText(10 * 75), "");

        Assert.Equal(10, plan.Prompt.Count);
    }

    [Fact]
    public void Chunk_TokenizerPaddingWithExclamationMark_PadsAfterTheEndToken()
    {
        var path = SharedFiles.RequirePath(Path.Combine("tinysd", "sd21-v", "tokenizer", "vocab.json"));
        var tokenizer = ClipTokenizer.FromDiffusersFolder(Path.GetDirectoryName(path)!);

        var chunk = new PromptChunker(tokenizer).EmptyChunk;

        Assert.Equal(0, tokenizer.PadTokenId);
        Assert.Equal([tokenizer.BosTokenId, tokenizer.EosTokenId, .. Enumerable.Repeat(0, 75)], chunk.Ids);
    }
}
