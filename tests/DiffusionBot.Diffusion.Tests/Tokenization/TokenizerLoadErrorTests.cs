using Xunit;
using System.IO.Compression;
using System.Text;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Tokenization;

public sealed class TokenizerLoadErrorTests : IDisposable
{
    private static readonly (string, string)[] Merges = [("r", "e"), ("re", "d</w>")];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FromDiffusersFolder_MissingFolder_ThrowsNamingFolder()
    {
        var missing = _folder.File("nope");

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromDiffusersFolder(missing));

        Assert.Equal(missing, ex.FilePath);
        Assert.Contains("does not exist", ex.Message);
    }

    [Theory]
    [InlineData("vocab.json")]
    [InlineData("merges.txt")]
    public void FromDiffusersFolder_MissingRequiredFile_ThrowsNamingFile(string fileName)
    {
        WriteValidFolder();
        File.Delete(_folder.File(fileName));

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromDiffusersFolder(_folder.Path));

        Assert.Equal(_folder.File(fileName), ex.FilePath);
        Assert.Contains(fileName, ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Theory]
    [InlineData("vocab.json", "{ not json")]
    [InlineData("vocab.json", "[1, 2, 3]")]
    [InlineData("vocab.json", "{}")]
    [InlineData("merges.txt", "r e\nre d</w>")]
    [InlineData("merges.txt", "#version: 0.2\nr e x")]
    [InlineData("tokenizer_config.json", "{ broken")]
    [InlineData("tokenizer_config.json", "{\"model_max_length\": 1}")]
    [InlineData("tokenizer_config.json", "{\"model_max_length\": \"77\"}")]
    [InlineData("tokenizer_config.json", "{\"pad_token\": 5}")]
    [InlineData("special_tokens_map.json", "[]")]
    public void FromDiffusersFolder_CorruptFile_ThrowsNamingFile(string fileName, string content)
    {
        WriteValidFolder();
        File.WriteAllText(_folder.File(fileName), content);

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromDiffusersFolder(_folder.Path));

        Assert.Equal(_folder.File(fileName), ex.FilePath);
    }

    [Fact]
    public void FromDiffusersFolder_MergeResultNotInVocabulary_Throws()
    {
        var vocab = WriteValidFolder();
        vocab.Remove("red</w>");
        File.WriteAllText(_folder.File("vocab.json"), System.Text.Json.JsonSerializer.Serialize(vocab));

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromDiffusersFolder(_folder.Path));

        Assert.Contains("red</w>", ex.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a</w>")]
    [InlineData("<|startoftext|>")]
    [InlineData("<|endoftext|>")]
    public void FromDiffusersFolder_RequiredSymbolMissing_ThrowsNamingSymbol(string symbol)
    {
        var vocab = WriteValidFolder();
        vocab.Remove(symbol);
        File.WriteAllText(_folder.File("vocab.json"), System.Text.Json.JsonSerializer.Serialize(vocab));

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromDiffusersFolder(_folder.Path));

        Assert.Equal(_folder.File("vocab.json"), ex.FilePath);
        Assert.Contains(symbol, ex.Message);
    }

    [Fact]
    public void FromDiffusersFolder_PadTokenNotInVocabulary_Throws()
    {
        WriteValidFolder();
        File.WriteAllText(_folder.File("special_tokens_map.json"), """{"pad_token": "<pad>"}""");

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromDiffusersFolder(_folder.Path));

        Assert.Contains("<pad>", ex.Message);
    }

    [Fact]
    public void FromClipBpeGzip_MissingFile_ThrowsNamingFile()
    {
        var path = _folder.File("bpe_simple_vocab_16e6.txt.gz");

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromClipBpeGzip(path));

        Assert.Equal(path, ex.FilePath);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public void FromClipBpeGzip_NotGzip_ThrowsNamingFile()
    {
        var path = _folder.File("plain.txt.gz");
        File.WriteAllText(path, "#version: 0.2\ni n\n");

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromClipBpeGzip(path));

        Assert.Equal(path, ex.FilePath);
    }

    [Fact]
    public void FromClipBpeGzip_GzipWithoutHeader_ThrowsNamingFile()
    {
        var path = _folder.File("noheader.txt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes("i n\nt h\n"));
        }

        var ex = Assert.Throws<TokenizerLoadException>(() => ClipTokenizer.FromClipBpeGzip(path));

        Assert.Contains("#version", ex.Message);
    }

    [Fact]
    public void FromClipBpeGzip_SmallValidFile_BuildsClipStyleVocabulary()
    {
        var path = _folder.File("small.txt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes("\"bpe_simple_vocab_16e6.txt#version: 0.2\nr e\nre d</w>\n"));
        }

        var tokenizer = ClipTokenizer.FromClipBpeGzip(path);

        // 512 byte symbols, "re" = 512, "red</w>" = 513, then BOS/EOS.
        Assert.Equal(516, tokenizer.VocabularySize);
        Assert.Equal(514, tokenizer.BosTokenId);
        Assert.Equal(515, tokenizer.EosTokenId);
        Assert.Equal([513], tokenizer.Tokenize("red"));
        Assert.Equal([512, 256 + ('x' - '!')], tokenizer.Tokenize("rex"));
    }

    [Fact]
    public void FromClipBpeGzip_ModelMaxLengthBelowThree_Throws()
    {
        var path = _folder.File("small.txt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes("#version: 0.2\nr e\n"));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ClipTokenizer.FromClipBpeGzip(path, modelMaxLength: 2));
    }

    private Dictionary<string, int> WriteValidFolder() =>
        DiffusersFolderWriter.Write(_folder.Path, Merges, padToken: "<|endoftext|>", modelMaxLength: 77, tokenizerConfigPadAsObject: false);
}
