using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Models;

/// <summary>The <c>Models</c> section: where pulled models live and the catalogue of named models.
/// <c>&lt;Directory&gt;/catalogue.json</c> (written by <c>models pull</c>) is merged into this section.</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    public const string CatalogueFileName = "catalogue.json";

    /// <summary>The models folder (relative paths from the working directory).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "data/models";

    /// <summary>The catalogue entry used when a request names no model; empty for the first.</summary>
    public string Default { get; set; } = "";

    /// <summary>Named models, keyed by name so configuration sources merge entry by entry.</summary>
    public Dictionary<string, ModelEntryOptions> Entries { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One catalogue entry.</summary>
public sealed class ModelEntryOptions
{
    /// <summary>The model folder: absolute, or relative to the models folder.</summary>
    public string Path { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Where it came from, e.g. <c>owner/repo@main/onnx</c>; empty for a hand-made entry.</summary>
    public string Source { get; set; } = "";
}
