using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.OnnxFormat;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// The textual-inversion embeddings of Generator:EmbeddingPath that fit a model's text encoder(s): their vectors are
/// appended to each encoder's token-embedding table (<c>text_model.embeddings.token_embedding.weight</c>, replaced
/// through an initializer override: the exported Gather accepts the longer table) and each trigger word maps to its
/// new ids, the same in every encoder (SDXL: clip_l rows in text_encoder's table, clip_g rows in text_encoder_2's).
/// After the embeddings comes a copy of the end-of-text row, which the chunker writes in place of end-of-text: the
/// exported CLIP pools the hidden state at <c>argmax(input_ids)</c>, which must stay the end of the prompt and not an
/// embedding id (SDXL's pooled <c>text_embeds</c>).
/// </summary>
internal sealed class TextualInversionSet : IDisposable
{
    public const string TokenEmbeddingInitializer = "text_model.embeddings.token_embedding.weight";

    private readonly Dictionary<string, int[]> _ids;
    private readonly IReadOnlyList<InitializerOverrides> _overrides;
    private readonly Regex? _triggers;

    private TextualInversionSet(Dictionary<string, int[]> ids, IReadOnlyList<InitializerOverrides> overrides, IReadOnlyList<string> skipped, int baseVocabulary, int? endOfTextId)
    {
        _ids = ids;
        _overrides = overrides;
        Skipped = skipped;
        BaseVocabulary = baseVocabulary;
        EndOfTextId = endOfTextId;
        if (ids.Count > 0)
        {
            var alternatives = ids.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape);
            _triggers = new Regex($@"(?<![\p{{L}}\p{{N}}_])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }

    public static TextualInversionSet Empty { get; } = new(new Dictionary<string, int[]>(), [], [], 0, null);

    /// <summary>Files that were not loaded, each with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Rows of the table before the embeddings were appended (the first embedding id).</summary>
    public int BaseVocabulary { get; }

    /// <summary>The id to write for end-of-text (the copy of its row after the embeddings), or null when no
    /// embedding was loaded and the tokenizer's own id stands.</summary>
    public int? EndOfTextId { get; }

    public IReadOnlyCollection<string> Triggers => _ids.Keys;

    /// <summary>The extended embedding table of the <paramref name="encoder"/>-th text encoder (0 = text_encoder,
    /// 1 = text_encoder_2), or null when no embedding was loaded.</summary>
    public InitializerOverrides? OverridesFor(int encoder) => encoder < _overrides.Count ? _overrides[encoder] : null;

    /// <summary>The ids a trigger word stands for (case-insensitive).</summary>
    public bool TryGetIds(string trigger, out int[] ids) => _ids.TryGetValue(trigger, out ids!);

    /// <summary>Where trigger words occur in <paramref name="text"/> (whole words only).</summary>
    public IEnumerable<Match> FindTriggers(string text) => _triggers?.Matches(text) ?? Enumerable.Empty<Match>();

    /// <summary>Loads every embedding file in <paramref name="folder"/> for the model's text encoders
    /// (<paramref name="targets"/>: one for SD 1.x/2.x, two for SDXL); files that do not fit are skipped with a reason.</summary>
    public static TextualInversionSet Load(string? folder, IReadOnlyList<EmbeddingTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder) || targets.Count == 0)
            return Empty;
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".safetensors" or ".pt" or ".bin")
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            return Empty;

        var tables = new List<(EmbeddingTarget Target, OnnxGraph Graph, OnnxInitializer Table)>();
        foreach (var target in targets)
        {
            OnnxGraph graph;
            try
            {
                graph = OnnxGraph.Read(target.TextEncoderFile);
            }
            catch (OnnxGraphFormatException ex)
            {
                return NoneLoaded($"no embedding was loaded: {ex.Message}");
            }

            if (!graph.Initializers.TryGetValue(TokenEmbeddingInitializer, out var table) || table.Dims.Length != 2)
                return NoneLoaded($"'{target.TextEncoderFile}' has no {TokenEmbeddingInitializer} [vocabulary, width] initializer, so embeddings cannot be added");
            if (target.EndOfTextId < 0 || target.EndOfTextId >= table.Dims[0])
                return NoneLoaded($"the end-of-text id {target.EndOfTextId} of {target.Name}'s tokenizer is outside its {table.Dims[0]}-row token table");
            if (tables.Count > 0 && table.Dims[0] != tables[0].Table.Dims[0])
                return NoneLoaded($"{tables[0].Target.Name}'s token table has {tables[0].Table.Dims[0]} rows but {target.Name}'s has {table.Dims[0]}; an embedding's trigger needs the same new ids in both");
            tables.Add((target, graph, table));
        }

        return Load(files, tables);
    }

    private static TextualInversionSet NoneLoaded(string reason) => new([], [], [reason], 0, null);

    private static TextualInversionSet Load(List<string> files, List<(EmbeddingTarget Target, OnnxGraph Graph, OnnxInitializer Table)> tables)
    {
        var vocabulary = (int)tables[0].Table.Dims[0];
        var skipped = new List<string>();
        var loaded = new List<TextualInversion>();
        foreach (var file in files)
        {
            try
            {
                var embedding = TextualInversionReader.Read(file);
                if (Misfit(embedding, tables.Select(t => (t.Target, (int)t.Table.Dims[1])).ToList()) is { } misfit)
                    skipped.Add($"{Path.GetFileName(file)}: {misfit}");
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
            return new TextualInversionSet([], [], skipped, vocabulary, null);
        var ids = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        var next = vocabulary;
        foreach (var embedding in loaded)
        {
            ids[embedding.Trigger] = Enumerable.Range(next, embedding.Count).ToArray();
            next += embedding.Count;
        }

        var endOfText = next;
        var overrides = new List<InitializerOverrides>();
        try
        {
            for (var encoder = 0; encoder < tables.Count; encoder++)
            {
                var (target, graph, table) = tables[encoder];
#pragma warning disable CA2000 // added to the list at once; the list is disposed on failure, the set owns it after
                overrides.Add(ExtendedTable(graph, table, target.EndOfTextId, loaded.Select(l => l.Encoders[encoder]).ToList(), endOfText + 1));
#pragma warning restore CA2000
            }
        }
        catch
        {
            foreach (var o in overrides)
                o.Dispose();
            throw;
        }

        return new TextualInversionSet(ids, overrides, skipped, vocabulary, endOfText);
    }

    /// <summary>Why <paramref name="embedding"/> does not fit the encoders, or null when it does.</summary>
    private static string? Misfit(TextualInversion embedding, List<(EmbeddingTarget Target, int Width)> encoders)
    {
        if (embedding.Encoders.Count == 2 && encoders.Count == 1)
            return $"it is an SDXL embedding ({TextualInversionReader.SdxlFirstEncoder} + {TextualInversionReader.SdxlSecondEncoder} vectors) and this model has one text encoder";
        if (embedding.Encoders.Count == 1 && encoders.Count == 2)
            return $"it is an SD 1.x/2.x embedding (one set of {embedding.Encoders[0].Width}-wide vectors); an SDXL model needs {TextualInversionReader.SdxlFirstEncoder} and {TextualInversionReader.SdxlSecondEncoder} vectors";
        if (embedding.Encoders.Count != encoders.Count)
            return $"it has vectors for {embedding.Encoders.Count} text encoders and this model has {encoders.Count}";
        for (var i = 0; i < encoders.Count; i++)
        {
            var vectors = embedding.Encoders[i];
            if (vectors.Width != encoders[i].Width)
                return $"its {vectors.Source} vectors are {vectors.Width} wide, {encoders[i].Target.Name}'s are {encoders[i].Width} (an embedding for another model family)";
        }

        return null;
    }

    /// <summary>The table with the embeddings' rows appended in order, then a copy of the end-of-text row.</summary>
    private static InitializerOverrides ExtendedTable(OnnxGraph graph, OnnxInitializer table, int endOfTextId, List<EmbeddingVectors> vectors, int rows)
    {
        var width = (int)table.Dims[1];
        var vocabulary = (int)table.Dims[0];
        var overrides = new InitializerOverrides();
        try
        {
            if (table.DataType == TensorProto.Types.DataType.Float16)
            {
                var values = new Half[(long)rows * width];
                graph.ReadHalves(table).CopyTo(values, 0);
                var next = vocabulary;
                foreach (var v in vectors)
                {
                    TensorPrimitives.ConvertToHalf(v.Values, values.AsSpan(next * width, v.Values.Length));
                    next += v.Values.Length / width;
                }

                values.AsSpan(endOfTextId * width, width).CopyTo(values.AsSpan(next * width, width));
                overrides.Add(TokenEmbeddingInitializer, values, [rows, width]);
            }
            else
            {
                var values = new float[(long)rows * width];
                graph.ReadSingles(table).CopyTo(values, 0);
                var next = vocabulary;
                foreach (var v in vectors)
                {
                    v.Values.CopyTo(values, next * width);
                    next += v.Values.Length / width;
                }

                values.AsSpan(endOfTextId * width, width).CopyTo(values.AsSpan(next * width, width));
                overrides.Add(TokenEmbeddingInitializer, values, [rows, width]);
            }

            return overrides;
        }
        catch
        {
            overrides.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var overrides in _overrides)
            overrides.Dispose();
    }
}
