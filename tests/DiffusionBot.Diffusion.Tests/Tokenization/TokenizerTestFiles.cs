using Xunit;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DiffusionBot.Diffusion.Tests.Tokenization;

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dbot-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>Writes Hugging Face style tokenizer folders for tests (written independently of the production loader).</summary>
internal static class DiffusersFolderWriter
{
    /// <summary>GPT-2/CLIP bytes_to_unicode in vocabulary order: printable bytes, then the others mapped from U+0100.</summary>
    public static IReadOnlyList<string> ByteSymbols()
    {
        static bool Printable(int b) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
        var symbols = Enumerable.Range(0, 256).Where(Printable).Select(b => ((char)b).ToString()).ToList();
        var next = 256;
        foreach (var b in Enumerable.Range(0, 256).Where(b => !Printable(b)))
        {
            _ = b;
            symbols.Add(((char)next++).ToString());
        }

        return symbols;
    }

    /// <summary>Rebuilds vocab.json / merges.txt (+ configs) from the CLIP gz the way CLIP/HF do.</summary>
    public static void WriteFromClipGzip(string gzPath, string folder, string padToken, int modelMaxLength)
    {
        using var reader = new StreamReader(new GZipStream(System.IO.File.OpenRead(gzPath), CompressionMode.Decompress), Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n')[1..(49152 - 256 - 2 + 1)];
        var merges = lines.Select(l => l.Split(' ')).Select(p => (p[0], p[1])).ToList();
        Write(folder, merges, padToken, modelMaxLength, tokenizerConfigPadAsObject: false);
    }

    /// <summary>Vocabulary: 512 byte symbols, merge results, then the two specials (like CLIP); writes all four files.</summary>
    public static Dictionary<string, int> Write(string folder, IReadOnlyList<(string First, string Second)> merges, string? padToken, int? modelMaxLength, bool tokenizerConfigPadAsObject)
    {
        var vocabulary = ByteSymbols().Concat(ByteSymbols().Select(s => s + "</w>")).Concat(merges.Select(m => m.First + m.Second))
            .Append("<|startoftext|>").Append("<|endoftext|>").ToList();
        var encoder = new Dictionary<string, int>();
        for (var i = 0; i < vocabulary.Count; i++)
        {
            encoder[vocabulary[i]] = i;
        }

        System.IO.File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(encoder));
        System.IO.File.WriteAllLines(Path.Combine(folder, "merges.txt"), merges.Select(m => m.First + " " + m.Second).Prepend("#version: 0.2"));

        var config = new Dictionary<string, object?> { ["bos_token"] = "<|startoftext|>", ["eos_token"] = "<|endoftext|>" };
        if (modelMaxLength is { } length)
        {
            config["model_max_length"] = length;
        }

        if (padToken is not null)
        {
            config["pad_token"] = tokenizerConfigPadAsObject ? new Dictionary<string, object> { ["content"] = padToken, ["__type"] = "AddedToken" } : padToken;
        }

        System.IO.File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), JsonSerializer.Serialize(config));
        return encoder;
    }
}
