using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>Reads CLIP vocabularies: OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c> and a diffusers <c>tokenizer/</c> folder.</summary>
internal static class ClipVocabularyFiles
{
    /// <summary>CLIP keeps merges <c>lines[1 : 49152 - 256 - 2 + 1]</c>, i.e. at most this many after the header line.</summary>
    public const int MaxMerges = 49152 - 256 - 2;

    public const string VocabFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";
    public const string TokenizerConfigFileName = "tokenizer_config.json";
    public const string SpecialTokensMapFileName = "special_tokens_map.json";

    /// <summary>HF writes <c>int(1e30)</c> as model_max_length when a tokenizer has no limit; larger than this means "unset".</summary>
    private const double UnsetModelMaxLengthThreshold = 1_000_000;

    public static ClipBpeModel ReadClipBpeGzip(string path)
    {
        if (!File.Exists(path))
        {
            throw new TokenizerLoadException(path, "is missing.");
        }

        string text;
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, new UTF8Encoding(false, throwOnInvalidBytes: true));
            text = reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
        {
            throw new TokenizerLoadException(path, $"cannot read the gzip-compressed BPE merges ({ex.Message}).", ex);
        }

        var lines = text.Split('\n');
        if (lines.Length < 2 || !lines[0].Contains("#version", StringComparison.Ordinal))
        {
            throw new TokenizerLoadException(path, "not a CLIP BPE merges file (missing '#version' header line).");
        }

        var merges = ParseMerges(lines, path);

        // Vocabulary exactly as CLIP builds it: bytes, bytes + "</w>", merge results, then the two specials.
        var vocabulary = new List<string>(512 + merges.Count + 2);
        vocabulary.AddRange(ByteLevelAlphabet.VocabularyOrder.Select(c => c.ToString()));
        vocabulary.AddRange(ByteLevelAlphabet.VocabularyOrder.Select(c => c + ClipBpeModel.EndOfWord));
        vocabulary.AddRange(merges.Select(m => m.First + m.Second));
        vocabulary.Add(ClipPreTokenizer.StartOfText);
        vocabulary.Add(ClipPreTokenizer.EndOfText);

        var encoder = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Count; id++)
        {
            encoder[vocabulary[id]] = id; // a later duplicate wins, as with Python's dict(zip(...))
        }

        return new ClipBpeModel(encoder, merges, path);
    }

    public static ClipBpeModel ReadDiffusersVocabulary(string directory)
    {
        var vocabPath = Path.Combine(directory, VocabFileName);
        var mergesPath = Path.Combine(directory, MergesFileName);

        Dictionary<string, int>? encoder;
        try
        {
            encoder = JsonSerializer.Deserialize<Dictionary<string, int>>(ReadText(vocabPath));
        }
        catch (JsonException ex)
        {
            throw new TokenizerLoadException(vocabPath, $"not a JSON object of token → id ({ex.Message}).", ex);
        }

        if (encoder is null || encoder.Count == 0)
        {
            throw new TokenizerLoadException(vocabPath, "the vocabulary is empty.");
        }

        // Like HF's CLIPTokenizer: strip, split on '\n', drop the header line, keep at most MaxMerges lines.
        var lines = ReadText(mergesPath).Trim().Split('\n');
        if (!lines[0].StartsWith("#version", StringComparison.Ordinal))
        {
            throw new TokenizerLoadException(mergesPath, "the first line must be the '#version: ...' header.");
        }

        return new ClipBpeModel(encoder, ParseMerges(lines, mergesPath), vocabPath);
    }

    /// <summary>Reads pad_token and model_max_length; special_tokens_map.json overrides tokenizer_config.json for pad_token.</summary>
    public static (string? PadToken, int? ModelMaxLength) ReadDiffusersConfig(string directory)
    {
        string? padToken = null;
        int? modelMaxLength = null;

        var configPath = Path.Combine(directory, TokenizerConfigFileName);
        if (File.Exists(configPath))
        {
            using var config = ParseJsonObject(configPath);
            padToken = ReadTokenValue(config.RootElement, "pad_token", configPath);
            if (config.RootElement.TryGetProperty("model_max_length", out var length) && length.ValueKind != JsonValueKind.Null)
            {
                if (length.ValueKind != JsonValueKind.Number)
                {
                    throw new TokenizerLoadException(configPath, "model_max_length must be a number.");
                }

                var value = length.GetDouble();
                if (value < UnsetModelMaxLengthThreshold)
                {
                    if (value != Math.Floor(value) || value < 3)
                    {
                        throw new TokenizerLoadException(configPath, $"model_max_length {value} must be a whole number of at least 3 (BOS, one token, EOS).");
                    }

                    modelMaxLength = (int)value;
                }
            }
        }

        var specialPath = Path.Combine(directory, SpecialTokensMapFileName);
        if (File.Exists(specialPath))
        {
            using var special = ParseJsonObject(specialPath);
            padToken = ReadTokenValue(special.RootElement, "pad_token", specialPath) ?? padToken;
        }

        return (padToken, modelMaxLength);
    }

    private static List<(string First, string Second)> ParseMerges(string[] lines, string path)
    {
        var count = Math.Min(lines.Length - 1, MaxMerges);
        var merges = new List<(string, string)>(count);
        for (var n = 1; n <= count; n++)
        {
            var parts = lines[n].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length != 2)
            {
                throw new TokenizerLoadException(path, $"line {n + 1} is not a merge of two symbols: '{lines[n]}'.");
            }

            merges.Add((parts[0], parts[1]));
        }

        return merges;
    }

    private static string ReadText(string path)
    {
        if (!File.Exists(path))
        {
            throw new TokenizerLoadException(path, "is missing.");
        }

        try
        {
            return File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new TokenizerLoadException(path, $"cannot be read ({ex.Message}).", ex);
        }
    }

    private static JsonDocument ParseJsonObject(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(ReadText(path));
        }
        catch (JsonException ex)
        {
            throw new TokenizerLoadException(path, $"is not valid JSON ({ex.Message}).", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new TokenizerLoadException(path, "must contain a JSON object.");
        }

        return document;
    }

    /// <summary>A special token is written either as a string or as an AddedToken object with "content".</summary>
    private static string? ReadTokenValue(JsonElement root, string property, string path)
    {
        if (!root.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        throw new TokenizerLoadException(path, $"{property} must be a string or an object with a string \"content\".");
    }
}
