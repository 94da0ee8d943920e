using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Diffusion.Options;

/// <summary>The <c>Models</c> section: where pulled models live and the catalogue of named models, fixed at start-up.
/// <c>&lt;Directory&gt;/catalogue.json</c> (written by <c>models pull</c>) is merged into this section. With no entries the
/// catalogue holds one model: the host's built-in one (the demo model).</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    public const string CatalogueFileName = "catalogue.json";

    /// <summary>The models folder (relative paths from the working directory).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "data/models";

    /// <summary>The catalogue entry used when a request names no model; empty for the first (by name).</summary>
    public string Default { get; set; } = "";

    /// <summary>Narrows the built-in model of an empty catalogue (sizes, steps, guidance, schedulers); its Path is not read.</summary>
    public ModelEntryOptions BuiltIn { get; set; } = new();

    /// <summary>Named models, keyed by name so configuration sources merge entry by entry.</summary>
    public Dictionary<string, ModelEntryOptions> Entries { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One catalogue entry. The family and its defaults come from the folder; the optional settings narrow them.</summary>
public sealed class ModelEntryOptions
{
    /// <summary>The model folder: absolute, or relative to the models folder.</summary>
    public string Path { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Where it came from, e.g. <c>owner/repo@main/onnx</c>; empty for a hand-made entry.</summary>
    public string Source { get; set; } = "";

    /// <summary>The default size "WIDTHxHEIGHT"; empty: the model's native size.</summary>
    public string? Size { get; set; }

    /// <summary>The sizes members may ask for; empty: the native size and its 2:3 and 3:2 neighbours.</summary>
    public IList<string> Sizes { get; set; } = [];

    public int? Steps { get; set; }

    public int? MaxSteps { get; set; }

    public double? Guidance { get; set; }

    public double? MinGuidance { get; set; }

    public double? MaxGuidance { get; set; }

    /// <summary>The default scheduler (e.g. <c>euler_a</c>, <c>dpm++2m-karras</c>); empty: the family's.</summary>
    public string? Scheduler { get; set; }

    /// <summary>The schedulers members may pick; empty: every scheduler the engine runs.</summary>
    public IList<string> Schedulers { get; set; } = [];
}
