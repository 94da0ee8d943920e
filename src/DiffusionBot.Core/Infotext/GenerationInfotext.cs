using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DiffusionBot.Core.Infotext;

/// <summary>
/// Generation parameters in the "infotext" format that AUTOMATIC1111's web UI writes into a PNG's <c>parameters</c>
/// text chunk and reads back in its PNG Info tab (Civitai and other sites read it too): the prompt (any number of
/// lines), an optional line <c>Negative prompt: …</c>, then one line of <c>Key: value</c> fields joined by ", ".
/// A value containing ',', ':' or a newline is written as a JSON string (non-ASCII kept as is); everything else is
/// written bare. <see cref="Format"/> writes the fields in AUTOMATIC1111's order and spelling; <see cref="Parse"/>
/// reads that format back the way the web UI does, keeping fields it does not know in <see cref="OtherFields"/>.
/// </summary>
public sealed partial record GenerationInfotext
{
    private const string NegativePrefix = "Negative prompt:";

    public required string Prompt { get; init; }

    /// <summary>Null or empty: no negative prompt line.</summary>
    public string? NegativePrompt { get; init; }

    public int? Steps { get; init; }

    /// <summary>The bot's scheduler name (<c>euler_a</c>, <c>dpm++2m-karras</c>, …), written as the web UI's
    /// <c>Sampler</c> and <c>Schedule type</c> (see <see cref="Automatic1111Samplers"/>). Null after parsing a sampler
    /// the bot cannot run; its fields then stay in <see cref="OtherFields"/>.</summary>
    public string? Scheduler { get; init; }

    /// <summary>Classifier-free guidance (<c>CFG scale</c>).</summary>
    public double? Guidance { get; init; }

    public long? Seed { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public string? Model { get; init; }

    /// <summary>img2img strength of a variation (<c>Denoising strength</c>).</summary>
    public double? DenoisingStrength { get; init; }

    /// <summary>The bot's noise source (<c>cpu</c>, <c>nv</c>, <c>xoshiro</c>), written as the web UI's <c>RNG</c> field
    /// (<c>CPU</c>, <c>NV</c>; <c>xoshiro</c> is the bot's own). Parsing maps <c>GPU</c> (PyTorch's CUDA generator) to
    /// <c>nv</c>, which reproduces it. Null when the text has no RNG field, which the web UI reads as GPU.</summary>
    public string? NoiseSource { get; init; }

    public string? Version { get; init; }

    /// <summary>Fields without a property here, in their order (written after the known ones, before Version).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> OtherFields { get; init; } = [];

    /// <summary>The infotext, as the web UI's <c>create_infotext</c> lays it out.</summary>
    public string Format()
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string key, string? value)
        {
            if (value is not null) fields.Add(new(key, value));
        }

        Add(Keys.Steps, Steps?.ToString(CultureInfo.InvariantCulture));
        if (Scheduler is not null)
        {
            var (sampler, scheduleType) = Automatic1111Samplers.ToSampler(Scheduler);
            Add(Keys.Sampler, sampler);
            Add(Keys.ScheduleType, scheduleType);
        }

        Add(Keys.CfgScale, PythonFloat(Guidance));
        Add(Keys.Seed, Seed?.ToString(CultureInfo.InvariantCulture));
        Add(Keys.Size, Width is { } w && Height is { } h ? string.Create(CultureInfo.InvariantCulture, $"{w}x{h}") : null);
        Add(Keys.Model, Model);
        Add(Keys.DenoisingStrength, PythonFloat(DenoisingStrength));
        Add(Keys.Rng, NoiseSource is null ? null : Automatic1111Samplers.ToRng(NoiseSource));
        fields.AddRange(OtherFields);
        Add(Keys.Version, Version);

        var text = new StringBuilder(Prompt);
        if (!string.IsNullOrEmpty(NegativePrompt))
            text.Append('\n').Append(NegativePrefix).Append(' ').Append(NegativePrompt);
        text.Append('\n').Append(FormatFields(fields));
        return text.ToString().Trim();
    }

    /// <summary>One line of <c>Key: value</c> fields with the web UI's quoting (as in its "postprocessing" text).</summary>
    public static string FormatFields(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join(", ", fields.Select(f => $"{f.Key}: {Quote(f.Value)}"));

    /// <summary>Reads an infotext the way the web UI's <c>parse_generation_parameters</c> does: the last line holds the
    /// fields when at least three <c>Key: value</c> pairs are found on it; lines before it up to one starting with
    /// <c>Negative prompt:</c> are the prompt. Never throws: a text without fields is all prompt.</summary>
    public static GenerationInfotext Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n').ToList();
        var last = lines[^1];
        lines.RemoveAt(lines.Count - 1);
        if (FieldPattern().Count(last) < 3)
        {
            lines.Add(last);
            last = string.Empty;
        }

        var prompt = new List<string>();
        var negative = new List<string>();
        var inNegative = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith(NegativePrefix, StringComparison.Ordinal))
            {
                inNegative = true;
                line = line[NegativePrefix.Length..].Trim();
            }

            (inNegative ? negative : prompt).Add(line);
        }

        var fields = FieldPattern().Matches(last)
            .Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, Unquote(m.Groups[2].Value)))
            .ToList();
        return FromFields(string.Join('\n', prompt), string.Join('\n', negative), fields);
    }

    private static GenerationInfotext FromFields(string prompt, string negative, List<KeyValuePair<string, string>> fields)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
            known.TryAdd(key, value);
        var used = new HashSet<string>(StringComparer.Ordinal);
        string? Take(string key, Func<string, bool> valid)
        {
            if (!known.TryGetValue(key, out var value) || !valid(value)) return null;
            used.Add(key);
            return value;
        }

        var steps = Take(Keys.Steps, v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var guidance = Take(Keys.CfgScale, IsNumber);
        var seed = Take(Keys.Seed, v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var size = Take(Keys.Size, v => SizePattern().IsMatch(v));
        var strength = Take(Keys.DenoisingStrength, IsNumber);
        var model = Take(Keys.Model, _ => true);
        var version = Take(Keys.Version, _ => true);
        var noiseSource = known.TryGetValue(Keys.Rng, out var rng) ? Automatic1111Samplers.FromRng(rng) : null;
        if (noiseSource is not null) used.Add(Keys.Rng);

        string? scheduler = null;
        if (known.TryGetValue(Keys.Sampler, out var sampler))
        {
            known.TryGetValue(Keys.ScheduleType, out var scheduleType);
            scheduler = Automatic1111Samplers.FromSampler(sampler, scheduleType);
            if (scheduler is not null)
            {
                used.Add(Keys.Sampler);
                used.Add(Keys.ScheduleType);
            }
        }

        var sizeMatch = size is null ? null : SizePattern().Match(size);
        return new GenerationInfotext
        {
            Prompt = prompt,
            NegativePrompt = negative.Length == 0 ? null : negative,
            Steps = steps is null ? null : int.Parse(steps, CultureInfo.InvariantCulture),
            Scheduler = scheduler,
            Guidance = guidance is null ? null : double.Parse(guidance, CultureInfo.InvariantCulture),
            Seed = seed is null ? null : long.Parse(seed, CultureInfo.InvariantCulture),
            Width = sizeMatch is null ? null : int.Parse(sizeMatch.Groups[1].Value, CultureInfo.InvariantCulture),
            Height = sizeMatch is null ? null : int.Parse(sizeMatch.Groups[2].Value, CultureInfo.InvariantCulture),
            Model = model,
            DenoisingStrength = strength is null ? null : double.Parse(strength, CultureInfo.InvariantCulture),
            NoiseSource = noiseSource,
            Version = version,
            OtherFields = [.. fields.Where(f => !used.Contains(f.Key))],
        };
    }

    private static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);

    /// <summary>Python's <c>str(float)</c> for ordinary values: shortest round-trip digits, ".0" on whole numbers.</summary>
    private static string? PythonFloat(double? value)
    {
        if (value is not { } v) return null;
        var text = v.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>The web UI's <c>quote</c>: <c>json.dumps(value, ensure_ascii=False)</c> when the value holds ',', ':' or a newline.</summary>
    internal static string Quote(string value)
    {
        if (value.IndexOfAny([',', '\n', ':']) < 0) return value;
        var json = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case < ' ': json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: json.Append(c); break;
            }
        }

        return json.Append('"').ToString();
    }

    /// <summary>The web UI's <c>unquote</c>: a value in double quotes is a JSON string; one that does not decode stays as written.</summary>
    internal static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value;
        try
        {
            return JsonSerializer.Deserialize<string>(value) ?? value;
        }
        catch (JsonException)
        {
            return value;
        }
    }

    // The web UI's re_param: a key of word characters, spaces, '-' and '/', then a JSON string or anything up to a comma.
    [GeneratedRegex("""\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)""")]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^(\d+)x(\d+)$")]
    private static partial Regex SizePattern();

    /// <summary>The web UI's field names.</summary>
    public static class Keys
    {
        public const string Steps = "Steps";
        public const string Sampler = "Sampler";
        public const string ScheduleType = "Schedule type";
        public const string CfgScale = "CFG scale";
        public const string Seed = "Seed";
        public const string Size = "Size";
        public const string Model = "Model";
        public const string DenoisingStrength = "Denoising strength";
        public const string Rng = "RNG";
        public const string Version = "Version";
        public const string LoraHashes = "Lora hashes";
    }
}
