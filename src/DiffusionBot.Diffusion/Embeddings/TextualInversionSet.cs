using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// The textual-inversion embeddings of Generator:EmbeddingPath that fit a text encoder: their vectors are appended
/// to the encoder's token-embedding table (<c>text_model.embeddings.token_embedding.weight</c>, replaced through an
/// initializer override: the exported Gather accepts the longer table) and each trigger word maps to its new ids.
/// </summary>
internal sealed class TextualInversionSet : IDisposable
{
    public const string TokenEmbeddingInitializer = "text_model.embeddings.token_embedding.weight";

    private readonly Dictionary<string, int[]> _ids;
    private readonly Regex? _triggers;

    private TextualInversionSet(Dictionary<string, int[]> ids, InitializerOverrides? overrides, IReadOnlyList<string> skipped, int baseVocabulary)
    {
        _ids = ids;
        Overrides = overrides;
        Skipped = skipped;
        BaseVocabulary = baseVocabulary;
        if (ids.Count > 0)
        {
            var alternatives = ids.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape);
            _triggers = new Regex($@"(?<![\p{{L}}\p{{N}}_])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }

    public static TextualInversionSet Empty { get; } = new(new Dictionary<string, int[]>(), null, [], 0);

    /// <summary>The extended embedding table, or null when no embedding was loaded.</summary>
    public InitializerOverrides? Overrides { get; }

    /// <summary>Files that were not loaded, each with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Rows of the table before the embeddings were appended (the first embedding id).</summary>
    public int BaseVocabulary { get; }

    public IReadOnlyCollection<string> Triggers => _ids.Keys;

    /// <summary>The ids a trigger word stands for (case-insensitive).</summary>
    public bool TryGetIds(string trigger, out int[] ids) => _ids.TryGetValue(trigger, out ids!);

    /// <summary>Where trigger words occur in <paramref name="text"/> (whole words only).</summary>
    public IEnumerable<Match> FindTriggers(string text) => _triggers?.Matches(text) ?? Enumerable.Empty<Match>();

    /// <summary>Loads every .safetensors (and reports every .pt) in <paramref name="folder"/> for the text encoder
    /// <paramref name="textEncoderFile"/>; files that do not fit are skipped with a reason.</summary>
    public static TextualInversionSet Load(string? folder, string textEncoderFile)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
            return Empty;
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".safetensors" or ".pt" or ".bin")
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            return Empty;

        try
        {
            return Load(files, OnnxGraph.Read(textEncoderFile), textEncoderFile);
        }
        catch (OnnxGraphFormatException ex)
        {
            return new TextualInversionSet([], null, [$"no embedding was loaded: {ex.Message}"], 0);
        }
    }

    private static TextualInversionSet Load(List<string> files, OnnxGraph graph, string textEncoderFile)
    {
        if (!graph.Initializers.TryGetValue(TokenEmbeddingInitializer, out var table) || table.Dims.Length != 2)
            return new TextualInversionSet([], null, [$"'{textEncoderFile}' has no {TokenEmbeddingInitializer} [vocabulary, width] initializer, so embeddings cannot be added"], 0);
        var vocabulary = (int)table.Dims[0];
        var width = (int)table.Dims[1];
        var skipped = new List<string>();
        var loaded = new List<TextualInversion>();
        foreach (var file in files)
        {
            try
            {
                var embedding = TextualInversionReader.Read(file);
                if (embedding.Width != width)
                    skipped.Add($"{Path.GetFileName(file)}: its vectors are {embedding.Width} wide, this text encoder's are {width} (an embedding for another model family)");
                else if (loaded.Any(l => string.Equals(l.Trigger, embedding.Trigger, StringComparison.OrdinalIgnoreCase)))
                    skipped.Add($"{Path.GetFileName(file)}: another embedding already uses the trigger '{embedding.Trigger}'");
                else
                    loaded.Add(embedding);
            }
            catch (LoraFileException ex)
            {
                skipped.Add($"{Path.GetFileName(file)}: {ex.Message}");
            }
        }

        if (loaded.Count == 0)
            return new TextualInversionSet([], null, skipped, vocabulary);
        var rows = vocabulary + loaded.Sum(l => l.Count);
        var ids = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        var next = vocabulary;
        var overrides = new InitializerOverrides();
        if (table.DataType == TensorProto.Types.DataType.Float16)
        {
            var values = new Half[(long)rows * width];
            graph.ReadHalves(table).CopyTo(values, 0);
            foreach (var embedding in loaded)
            {
                TensorPrimitives.ConvertToHalf(embedding.Vectors, values.AsSpan(next * width, embedding.Vectors.Length));
                ids[embedding.Trigger] = Enumerable.Range(next, embedding.Count).ToArray();
                next += embedding.Count;
            }

            overrides.Add(TokenEmbeddingInitializer, values, [rows, width]);
        }
        else
        {
            var values = new float[(long)rows * width];
            graph.ReadSingles(table).CopyTo(values, 0);
            foreach (var embedding in loaded)
            {
                embedding.Vectors.CopyTo(values, next * width);
                ids[embedding.Trigger] = Enumerable.Range(next, embedding.Count).ToArray();
                next += embedding.Count;
            }

            overrides.Add(TokenEmbeddingInitializer, values, [rows, width]);
        }

        return new TextualInversionSet(ids, overrides, skipped, vocabulary);
    }

    public void Dispose() => Overrides?.Dispose();
}
