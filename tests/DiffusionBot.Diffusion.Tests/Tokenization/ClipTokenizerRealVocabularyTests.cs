using Xunit;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Tokenization;

/// <summary>
/// Against the real bpe_simple_vocab_16e6.txt.gz. Expected ids come from published sources (Hugging Face
/// transformers' CLIP tokenization test, Bumblebee's CLIP tokenizer test) and, for the reference theory, from
/// reference/clip_reference.py (see reference/README.md).
/// </summary>
public sealed class ClipTokenizerRealVocabularyTests(ClipTokenizerFixture fixture) : IClassFixture<ClipTokenizerFixture>
{
    private const int Bos = 49406;
    private const int Eos = 49407;

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Tokenize_ReferencePrompt_MatchesIndependentPythonReference(string prompt, int[] expectedIds)
    {
        var tokenizer = fixture.Require();

        Assert.Equal(expectedIds, tokenizer.Tokenize(prompt));
    }

    public static TheoryData<string, int[]> ReferenceCases => ClipReferenceCases.All;

    [Fact]
    public void FromClipBpeGzip_StandardFile_BuildsClipVocabulary()
    {
        var tokenizer = fixture.Require();

        Assert.Equal(49408, tokenizer.VocabularySize);
        Assert.Equal(Bos, tokenizer.BosTokenId);
        Assert.Equal(Eos, tokenizer.EosTokenId);
        Assert.Equal(Eos, tokenizer.PadTokenId);
        Assert.Equal(77, tokenizer.ModelMaxLength);
        Assert.Equal(75, tokenizer.MaxContentTokens);
    }

    [Fact]
    public void Encode_PhotoOfACat_MatchesPublishedIdsAndPadsWithEndOfText()
    {
        var tokenizer = fixture.Require();

        var prompt = tokenizer.Encode("a photo of a cat");

        // Published: [49406, 320, 1125, 539, 320, 2368, 49407] (openai/clip-vit-base-patch32).
        int[] expectedHead = [Bos, 320, 1125, 539, 320, 2368, Eos];
        Assert.Equal(77, prompt.InputIds.Length);
        Assert.Equal(expectedHead, prompt.InputIds[..7]);
        Assert.All(prompt.InputIds[7..], id => Assert.Equal(Eos, id));
        Assert.Equal(5, prompt.TokenCount);
        Assert.False(prompt.WasTruncated);
        Assert.Equal(string.Empty, prompt.TruncatedText);
    }

    [Fact]
    public void Tokenize_PhotoOfADog_MatchesPublishedIds()
    {
        var tokenizer = fixture.Require();

        Assert.Equal([320, 1125, 539, 320, 1929], tokenizer.Tokenize("a photo of a dog"));
    }

    [Fact]
    public void Tokenize_HuggingFaceIntegrationText_MatchesPublishedIds()
    {
        var tokenizer = fixture.Require();
        const string text = "This is a test \U0001F60A\nI was born in 92000, and this is falsé.\n生活的真谛是\nHi  Hello\nHi   Hello\n\n \n  \n Hello\n<s>\nhi<s>there\nThe following string should be properly encoded: Hello.\nBut ird and ปี   ird   ด\nHey how are you doing";

        // transformers tests/models/clip/test_tokenization_clip.py, integration_expected_token_ids.
        int[] expected = [589, 533, 320, 1628, 3020, 328, 739, 2683, 530, 280, 273, 271, 271, 271, 267, 537, 589, 533, 2778, 82, 4166, 269, 33375, 162, 112, 119, 163, 248, 226, 41570, 164, 108, 249, 42891, 363, 1883, 3306, 1883, 3306, 3306, 283, 338, 285, 1883, 283, 338, 285, 997, 518, 3473, 9696, 1535, 655, 12560, 524, 33703, 281, 3306, 269, 767, 2770, 537, 1777, 505, 20278, 2770, 38825, 2189, 829, 631, 592, 1960];
        Assert.Equal(expected, tokenizer.Tokenize(text));
    }

    [Fact]
    public void Encode_EmptyString_IsBosEosThenPadding()
    {
        var tokenizer = fixture.Require();

        var prompt = tokenizer.Encode(string.Empty);

        Assert.Equal(Bos, prompt.InputIds[0]);
        Assert.All(prompt.InputIds[1..], id => Assert.Equal(Eos, id));
        Assert.Equal(0, prompt.TokenCount);
        Assert.False(prompt.WasTruncated);
    }

    [Fact]
    public void Encode_PromptOver75Tokens_KeepsFirst75AndReportsCutText()
    {
        var tokenizer = fixture.Require();
        var words = Enumerable.Range(0, 80).Select(i => i % 2 == 0 ? "cat" : "dog");
        var text = string.Join(' ', words) + " watercolor sunset";

        var prompt = tokenizer.Encode(text);

        Assert.Equal(82, prompt.TokenCount);
        Assert.True(prompt.WasTruncated);
        Assert.Equal(77, prompt.InputIds.Length);
        Assert.Equal(Bos, prompt.InputIds[0]);
        Assert.Equal(Eos, prompt.InputIds[76]);
        Assert.Equal(tokenizer.Tokenize(text).Take(75), prompt.InputIds[1..76]);
        Assert.Equal("dog cat dog cat dog watercolor sunset", prompt.TruncatedText);
    }

    [Fact]
    public void Encode_Exactly75Tokens_IsNotTruncated()
    {
        var tokenizer = fixture.Require();
        var text = string.Join(' ', Enumerable.Repeat("cat", 75));

        var prompt = tokenizer.Encode(text);

        Assert.Equal(75, prompt.TokenCount);
        Assert.False(prompt.WasTruncated);
        Assert.Equal(Eos, prompt.InputIds[76]);
        Assert.All(prompt.InputIds[1..76], id => Assert.Equal(2368, id));
    }

    [Fact]
    public void Encode_TruncationInsideAWord_DecodesThePartialWord()
    {
        var tokenizer = fixture.Require();
        var text = string.Join(' ', Enumerable.Repeat("cat", 74)) + " supercalifragilisticexpialidocious";

        var prompt = tokenizer.Encode(text);

        // "supercalifragilisticexpialidocious" is 9 tokens; only "super" fits.
        Assert.True(prompt.WasTruncated);
        Assert.Equal(83, prompt.TokenCount);
        Assert.Equal(1642, prompt.InputIds[75]);
        Assert.Equal("califragilisticexpialidocious", prompt.TruncatedText);
    }

    [Fact]
    public void Decode_EncodedPrompt_ReturnsCleanedText()
    {
        var tokenizer = fixture.Require();

        var ids = tokenizer.Tokenize("A Photo of a Café, 😊 &amp; Ünïcode!");

        Assert.Equal("a photo of a café , 😊 & ünïcode ! ", tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_SpecialTokens_AreWrittenOut()
    {
        var tokenizer = fixture.Require();

        Assert.Equal("<|startoftext|>cat <|endoftext|>", tokenizer.Decode([Bos, 2368, Eos]));
    }

    [Fact]
    public void Decode_UnknownId_ThrowsNamingTheId()
    {
        var tokenizer = fixture.Require();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([320, 49408]));
        Assert.Equal(49408, ex.ActualValue);
    }

    [Fact]
    public void Decode_SplitMultiByteCharacter_UsesReplacementCharacter()
    {
        var tokenizer = fixture.Require();

        // 33375 = bytes of 生, 162 = the first byte of 活 only.
        var partial = tokenizer.Decode([33375, 162]);

        Assert.Equal("生\uFFFD", partial);
    }

    [Fact]
    public void Encode_ConcurrentCallsOnColdCache_GiveSameIdsAsSequential()
    {
        var reference = fixture.Require();
        var tokenizer = ClipTokenizer.FromClipBpeGzip(RequireGzip());
        var prompts = ClipReferenceCases.All.Select(row => (string)row.Data.Item1).ToArray();
        var expected = prompts.Select(p => reference.Encode(p).InputIds).ToArray();

        var results = new int[prompts.Length * 8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = tokenizer.Encode(prompts[i % prompts.Length]).InputIds);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % prompts.Length], results[i]);
        }
    }

    [Fact]
    public void FromClipBpeGzip_SdTwoPadding_PadsWithExclamationMarkId()
    {
        var tokenizer = ClipTokenizer.FromClipBpeGzip(RequireGzip(), padToken: "!");

        var prompt = tokenizer.Encode("a cat");

        Assert.Equal(0, tokenizer.PadTokenId);
        Assert.Equal([Bos, 320, 2368, Eos, 0, 0], prompt.InputIds[..6]);
    }

    [Fact]
    public void FromDiffusersFolder_FilesRebuiltFromGzip_GiveIdenticalIds()
    {
        var gz = RequireGzip();
        using var folder = new TempFolder();
        DiffusersFolderWriter.WriteFromClipGzip(gz, folder.Path, padToken: "<|endoftext|>", modelMaxLength: 77);

        var fromFolder = ClipTokenizer.FromDiffusersFolder(folder.Path);
        var fromGzip = fixture.Require();

        Assert.Equal(fromGzip.VocabularySize, fromFolder.VocabularySize);
        Assert.Equal(fromGzip.PadTokenId, fromFolder.PadTokenId);
        foreach (var row in ClipReferenceCases.All)
        {
            var prompt = (string)row.Data.Item1;
            Assert.Equal(fromGzip.Encode(prompt).InputIds, fromFolder.Encode(prompt).InputIds);
        }
    }

    [Fact]
    public void FromDiffusersFolder_SdTwoConfig_PadsWithExclamationMark()
    {
        var gz = RequireGzip();
        using var folder = new TempFolder();
        DiffusersFolderWriter.WriteFromClipGzip(gz, folder.Path, padToken: "!", modelMaxLength: 77);

        var tokenizer = ClipTokenizer.FromDiffusersFolder(folder.Path);

        Assert.Equal(0, tokenizer.PadTokenId);
        Assert.Equal([Bos, 320, 2368, Eos, 0], tokenizer.Encode("a cat").InputIds[..5]);
    }

    private string RequireGzip()
    {
        fixture.Require();
        return fixture.GzipPath!;
    }
}
