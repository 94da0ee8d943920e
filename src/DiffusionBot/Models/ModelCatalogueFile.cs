using DiffusionBot.Diffusion.Options;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffusionBot.Models;

/// <summary><c>&lt;Models:Directory&gt;/catalogue.json</c>: <c>{ "Models": { "Entries": { name: { Path, Description, Source } } } }</c>,
/// the shape of the <c>Models</c> configuration section, so the host loads it as a configuration source.</summary>
public static class ModelCatalogueFile
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

    /// <summary>The models folder as a full path (default <c>data/models</c>, relative to the working directory).</summary>
    public static string ResolveDirectory(string? configured) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? new ModelsOptions().Directory : configured);

    public static string PathIn(string modelsDirectory) => Path.Combine(modelsDirectory, ModelsOptions.CatalogueFileName);

    /// <summary>Adds or replaces one entry, keeping every other entry and any other content; writes to a temporary file
    /// and renames it over the old one, so a reader never sees half a file.</summary>
    public static async Task SetEntryAsync(string modelsDirectory, string name, ModelEntryOptions entry, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(modelsDirectory);
        var file = PathIn(modelsDirectory);
        var root = await ReadRootAsync(file, cancellationToken);
        var models = ChildObject(root, ModelsOptions.SectionName, file);
        var entries = ChildObject(models, nameof(ModelsOptions.Entries), file);

        // Configuration keys are case-insensitive: replace an entry spelled differently rather than adding a twin.
        foreach (var existing in entries.Select(e => e.Key).Where(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)).ToList())
            entries.Remove(existing);
        entries[name] = new JsonObject
        {
            [nameof(ModelEntryOptions.Path)] = entry.Path,
            [nameof(ModelEntryOptions.Description)] = entry.Description,
            [nameof(ModelEntryOptions.Source)] = entry.Source,
        };

        var temporary = file + ".tmp";
        await File.WriteAllTextAsync(temporary, root.ToJsonString(WriteOptions), cancellationToken);
        File.Move(temporary, file, overwrite: true);
    }

    private static async Task<JsonObject> ReadRootAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
            return [];
        var text = await File.ReadAllTextAsync(file, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
            return [];
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new ModelCatalogueException($"The catalogue '{file}' is not a JSON object; fix or remove it and pull again.");
        }
        catch (JsonException ex)
        {
            throw new ModelCatalogueException($"The catalogue '{file}' is not valid JSON ({ex.Message}); fix or remove it and pull again.");
        }
    }

    private static JsonObject ChildObject(JsonObject parent, string name, string file)
    {
        var key = parent.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        if (key is null)
        {
            var created = new JsonObject();
            parent[name] = created;
            return created;
        }
        return parent[key] as JsonObject
            ?? throw new ModelCatalogueException($"The catalogue '{file}' has a '{key}' that is not an object; fix or remove it and pull again.");
    }
}

/// <summary>The catalogue file cannot be read or updated; the message says which file and why.</summary>
public sealed class ModelCatalogueException(string message) : Exception(message);
