using Xunit;
using System.Text;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Tokenization;

/// <summary>A tiny diffusers-style vocabulary like the demo model's: 512 byte symbols, colour merges, two specials.</summary>
public sealed class ClipTokenizerTinyVocabularyTests : IDisposable
{
    private static readonly (string, string)[] ColourMerges =
    [
        ("g", "r"), ("r", "e"), ("re", "d</w>"),
        ("b", "l"), ("bl", "u"), ("blu", "e</w>"),
        ("gr", "e"), ("gre", "e"), ("gree", "n</w>"),
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Tokenize_ColourWords_UseMergedSymbols()
    {
        var vocab = DiffusersFolderWriter.Write(_folder.Path, ColourMerges, padToken: null, modelMaxLength: null, tokenizerConfigPadAsObject: false);
        var tokenizer = ClipTokenizer.FromDiffusersFolder(_folder.Path);

        var ids = tokenizer.Tokenize("Red  BLUE green");

        Assert.Equal([vocab["red</w>"], vocab["blue</w>"], vocab["green</w>"]], ids);
    }

    [Fact]
    public void Tokenize_UnknownWordAndEmoji_FallBackToByteSymbols()
    {
        var vocab = DiffusersFolderWriter.Write(_folder.Path, ColourMerges, padToken: null, modelMaxLength: null, tokenizerConfigPadAsObject: false);
        var tokenizer = ClipTokenizer.FromDiffusersFolder(_folder.Path);
        var bytes = DiffusersFolderWriter.ByteSymbols();
        var emojiUtf8 = Encoding.UTF8.GetBytes("\U0001F600");

        var ids = tokenizer.Tokenize("xyz \U0001F600");

        int[] expected =
        [
            vocab["x"], vocab["y"], vocab["z</w>"],
            vocab[ByteSymbolFor(emojiUtf8[0], bytes)], vocab[ByteSymbolFor(emojiUtf8[1], bytes)], vocab[ByteSymbolFor(emojiUtf8[2], bytes)], vocab[ByteSymbolFor(emojiUtf8[3], bytes) + "</w>"],
        ];
        Assert.Equal(expected, ids);
        Assert.Equal("xyz \U0001F600 ", tokenizer.Decode(ids));
    }

    [Fact]
    public void Encode_NoConfigFiles_UsesDefaultsAndPadsWithEndOfText()
    {
        var vocab = DiffusersFolderWriter.Write(_folder.Path, ColourMerges, padToken: null, modelMaxLength: null, tokenizerConfigPadAsObject: false);
        File.Delete(_folder.File("tokenizer_config.json"));
        var tokenizer = ClipTokenizer.FromDiffusersFolder(_folder.Path);

        var prompt = tokenizer.Encode("red");

        Assert.Equal(77, prompt.InputIds.Length);
        Assert.Equal(vocab["<|endoftext|>"], tokenizer.PadTokenId);
        Assert.Equal([vocab["<|startoftext|>"], vocab["red</w>"], vocab["<|endoftext|>"], vocab["<|endoftext|>"]], prompt.InputIds[..4]);
        Assert.Equal(vocab["<|startoftext|>"], tokenizer.BosTokenId);
    }

    [Fact]
    public void Encode_ConfigWithShortLengthAndObjectPadToken_UsesBoth()
    {
        var vocab = DiffusersFolderWriter.Write(_folder.Path, ColourMerges, padToken: "!", modelMaxLength: 8, tokenizerConfigPadAsObject: true);
        var tokenizer = ClipTokenizer.FromDiffusersFolder(_folder.Path);

        var prompt = tokenizer.Encode("red blue green red blue green red");

        Assert.Equal(8, tokenizer.ModelMaxLength);
        Assert.Equal(vocab["!"], tokenizer.PadTokenId);
        Assert.Equal(8, prompt.InputIds.Length);
        Assert.Equal(7, prompt.TokenCount);
        Assert.True(prompt.WasTruncated);
        Assert.Equal("red", prompt.TruncatedText);
        Assert.Equal(vocab["<|endoftext|>"], prompt.InputIds[7]);
    }

    [Fact]
    public void FromDiffusersFolder_SpecialTokensMap_OverridesConfigPadToken()
    {
        var vocab = DiffusersFolderWriter.Write(_folder.Path, ColourMerges, padToken: "<|endoftext|>", modelMaxLength: 77, tokenizerConfigPadAsObject: false);
        File.WriteAllText(_folder.File("special_tokens_map.json"), """{"pad_token": {"content": "!", "lstrip": false}}""");

        var tokenizer = ClipTokenizer.FromDiffusersFolder(_folder.Path);

        Assert.Equal(vocab["!"], tokenizer.PadTokenId);
        Assert.Equal("!", tokenizer.PadToken);
    }

    [Fact]
    public void FromDiffusersFolder_HuggingFaceUnboundedLength_FallsBackTo77()
    {
        DiffusersFolderWriter.Write(_folder.Path, ColourMerges, padToken: null, modelMaxLength: null, tokenizerConfigPadAsObject: false);
        File.WriteAllText(_folder.File("tokenizer_config.json"), """{"model_max_length": 1000000000000000019884624838656}""");

        Assert.Equal(77, ClipTokenizer.FromDiffusersFolder(_folder.Path).ModelMaxLength);
    }

    [Fact]
    public void EncodeAndDecode_NullArguments_Throw()
    {
        DiffusersFolderWriter.Write(_folder.Path, ColourMerges, padToken: null, modelMaxLength: null, tokenizerConfigPadAsObject: false);
        var tokenizer = ClipTokenizer.FromDiffusersFolder(_folder.Path);

        Assert.Throws<ArgumentNullException>(() => tokenizer.Encode(null!));
        Assert.Throws<ArgumentNullException>(() => tokenizer.Tokenize(null!));
        Assert.Throws<ArgumentNullException>(() => tokenizer.Decode(null!));
    }

    private static string ByteSymbolFor(byte value, IReadOnlyList<string> symbolsInVocabularyOrder)
    {
        static bool Printable(int b) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
        if (Printable(value))
        {
            return ((char)value).ToString();
        }

        var rank = Enumerable.Range(0, value).Count(b => !Printable(b));
        return symbolsInVocabularyOrder[Enumerable.Range(0, 256).Count(Printable) + rank];
    }
}
